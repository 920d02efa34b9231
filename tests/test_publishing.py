"""Editors write drafts; publishers publish; the public only ever sees published content."""

import pytest
from cms.models import PageContent
from django.urls import reverse
from djangocms_versioning.constants import DRAFT, PUBLISHED
from djangocms_versioning.models import Version

ABOUT_TEXT = "Working Together Strategy 2023-2025"
DRAFT_TEXT = "A sentence only the draft has"


def about_version():
    content = PageContent.objects.get(page__reverse_id="about", language="en")
    return Version.objects.get_for_content(content)


def make_draft(user):
    """What the toolbar's Edit button does: copy the published version into a new draft, then edit it."""
    draft = about_version().copy(user)
    placeholder = draft.content.get_placeholders().get(slot="content")
    plugin = placeholder.get_plugins().get(plugin_type="TextPlugin").get_bound_plugin()
    plugin.body = plugin.body.replace(ABOUT_TEXT, DRAFT_TEXT)
    plugin.save()
    return draft


def publish_url(version):
    return reverse("admin:djangocms_versioning_pagecontentversion_publish", args=[version.pk])


def test_draft_is_invisible_to_the_public(client, editor):
    make_draft(editor)
    body = client.get("/about/").content.decode()
    assert ABOUT_TEXT in body
    assert DRAFT_TEXT not in body


def test_editor_can_write_a_draft_but_not_publish_it(client, editor):
    draft = make_draft(editor)
    assert draft.has_change_permission(editor)
    assert not draft.has_publish_permission(editor)

    client.force_login(editor)
    client.post(publish_url(draft))

    assert Version.objects.get(pk=draft.pk).state == DRAFT
    assert DRAFT_TEXT not in client.get("/about/").content.decode()


def test_publisher_publishes_and_the_public_sees_it(client, editor, publisher):
    draft = make_draft(editor)
    assert draft.has_publish_permission(publisher)

    client.force_login(publisher)
    client.post(publish_url(draft))
    assert Version.objects.get(pk=draft.pk).state == PUBLISHED

    client.logout()
    body = client.get("/about/").content.decode()
    assert DRAFT_TEXT in body
    assert ABOUT_TEXT not in body


@pytest.mark.parametrize("username", ["editor", "publisher"])
def test_staff_can_open_the_edit_endpoint(client, editor, publisher, username):
    client.force_login(editor if username == "editor" else publisher)
    draft = make_draft(editor)
    response = client.get(draft.content.get_absolute_url() + "?toolbar_on")
    assert response.status_code == 200
