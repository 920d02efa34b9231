"""Staff edit a page through the CMS toolbar (djangocms-versioning): drafts stay private until published,
and only publishers can publish."""

import pytest
from django.urls import reverse
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.models import Version
from playwright.sync_api import expect

from tests.factories import StaffUserFactory

from .pages import AdminLoginPage, CmsToolbar, InlineTextEditor, SitePage

pytestmark = pytest.mark.browser

PATH = "/about/"
OLD_TEXT = "The Lancashire SEND Partnership Working Together Strategy 2023-2025 outlines how"
NEW_TEXT = "Our Working Together Strategy has been updated by the browser test."


def staff_page(new_context, site, username, group):
    StaffUserFactory(username=username, groups=[group])
    page = new_context().new_page()
    AdminLoginPage(page, site.url).login(username)
    return page


def visitor_sees(new_context, site, path):
    """The main text of a page as an anonymous visitor sees it, from a browser with no session."""
    page = new_context().new_page()
    SitePage(page, site.url).goto(path)
    assert page.locator("#cms-top").count() == 0
    return page.locator("#main-content").inner_text()


def edit_text_inline(page, site):
    """Open the page with the toolbar, start a draft and change one paragraph of a text plugin."""
    toolbar = CmsToolbar(page)
    toolbar.open(site.url, PATH)
    toolbar.start_editing()
    editor = InlineTextEditor(page, containing=OLD_TEXT)
    editor.replace_paragraph(OLD_TEXT, NEW_TEXT)
    editor.save_by_clicking(page.locator("h1"))  # outside the plugin: the editor saves on blur
    page.reload()
    saved = InlineTextEditor(page, containing=NEW_TEXT)
    expect(saved.editable, "the edit was not saved to the draft").to_be_visible()
    expect(saved.editable).not_to_contain_text(OLD_TEXT)
    return toolbar


def test_publisher_edits_a_draft_and_publishes_it(fresh_site, new_context):
    page = staff_page(new_context, fresh_site, "publisher", "Publishers")
    errors = []  # the toolbar and editor must work under the staff Content-Security-Policy
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    toolbar = edit_text_inline(page, fresh_site)

    seen = visitor_sees(new_context, fresh_site, PATH)
    assert OLD_TEXT in seen, "the published page changed before publishing"
    assert NEW_TEXT not in seen, "an anonymous visitor can see the unpublished draft"

    toolbar.publish()
    seen = visitor_sees(new_context, fresh_site, PATH)
    assert NEW_TEXT in seen, "the published page does not show the new text"
    assert OLD_TEXT not in seen
    assert errors == [], "console errors for staff (CSP violations are reported here)"


def test_editor_edits_a_draft_but_cannot_publish_it(fresh_site, new_context):
    page = staff_page(new_context, fresh_site, "editor", "Editors")
    edit_text_inline(page, fresh_site)

    # Ask the server to publish the draft, as the toolbar's Publish button would (a POST with the CSRF token).
    draft = Version.objects.get(state=DRAFT)
    publish_url = reverse("admin:djangocms_versioning_pagecontentversion_publish", args=(draft.pk,))
    response = page.request.post(
        fresh_site.url + publish_url,
        form={"csrfmiddlewaretoken": page.evaluate("CMS.config.csrf")},
        headers={"Referer": page.url},
    )
    assert "You do not have publish permissions" in response.text()
    assert Version.objects.get(pk=draft.pk).state == DRAFT
    seen = visitor_sees(new_context, fresh_site, PATH)
    assert OLD_TEXT in seen
    assert NEW_TEXT not in seen


def test_editor_is_not_offered_publish(fresh_site, new_context):
    page = staff_page(new_context, fresh_site, "editor", "Editors")
    toolbar = CmsToolbar(page)
    toolbar.open(fresh_site.url, PATH)
    toolbar.start_editing()
    expect(InlineTextEditor(page, containing=OLD_TEXT).editable, "edit mode has no editable text").to_be_visible()
    labels = [label.strip() for label in toolbar.buttons.all_inner_texts()]
    assert toolbar.publish_button.count() == 0, f"an editor is offered Publish; toolbar buttons: {labels}"
