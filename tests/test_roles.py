"""Roles beyond the matrix: what staff are offered, the page permission rows, and refusals with a clear message.

The role matrix (tests/test_role_matrix.py, rows in tests/roles/) proves what each role's requests do to the
public site; these tests cover what it cannot see: menus, messages, and requests that change nothing public.
"""

import io

import pytest
from cms.models import GlobalPagePermission, Page, PageContent
from django.contrib.auth.models import Group
from django.urls import reverse

from documents.models import StrategyDetails
from localoffer.seed import groups
from units.models import SendUnit

from .roles.pages import new_draft, published
from .roles.rows_units import unit_csv

pytestmark = pytest.mark.django_db


# Page permissions -----------------------------------------------------------------------------------------


def flags(group_name):
    row = GlobalPagePermission.objects.get(group__name=group_name)
    return {flag: getattr(row, flag) for flag in groups.EDITOR_PAGE_FLAGS}, list(row.sites.all())


def test_each_group_has_exactly_its_global_page_permission_row(seeded):
    assert flags("Editors") == (groups.EDITOR_PAGE_FLAGS, [])
    assert flags("Publishers") == (groups.PUBLISHER_PAGE_FLAGS, [])


def test_seeding_again_resets_page_permissions_changed_by_hand(seeded):
    editors = Group.objects.get(name="Editors")
    GlobalPagePermission.objects.filter(group=editors).update(can_publish=True, can_move_page=True)
    GlobalPagePermission.objects.create(group=editors, can_delete=True)
    groups.seed(io.StringIO())
    assert GlobalPagePermission.objects.filter(group=editors).count() == 1
    assert flags("Editors") == (groups.EDITOR_PAGE_FLAGS, [])


def actions_menu(client, user, reverse_id):
    client.force_login(user)
    page = Page.objects.get(reverse_id=reverse_id)
    response = client.get(reverse("admin:cms_page_actions_menu", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode(), page


def test_page_tree_offers_editors_no_action_that_changes_the_live_site(client, editor):
    html, page = actions_menu(client, editor, "about")
    assert reverse("admin:cms_page_set_home", args=[page.pk]) not in html
    assert reverse("admin:cms_page_advanced", args=[page.pk]) not in html
    assert reverse("admin:cms_page_delete", args=[page.pk]) not in html
    assert "js-cms-tree-item-cut" not in html  # cut and paste is how the tree moves a page
    assert "js-cms-tree-item-copy" in html  # a copy is a new draft


def test_page_tree_offers_publishers_the_live_actions(client, publisher):
    html, page = actions_menu(client, publisher, "about")
    assert reverse("admin:cms_page_set_home", args=[page.pk]) in html
    assert reverse("admin:cms_page_advanced", args=[page.pk]) in html
    assert reverse("admin:cms_page_delete", args=[page.pk]) in html
    assert "js-cms-tree-item-cut" in html


def test_page_tree_and_settings_open_for_staff_without_permission_forms(client, editor, publisher):
    contact = Page.objects.get(reverse_id="contact")
    for user in (editor, publisher):
        client.force_login(user)
        assert client.get(reverse("admin:cms_pagecontent_changelist")).status_code == 200
        assert client.get(reverse("admin:cms_pagecontent_get_tree") + "?language=en").status_code == 200
        settings = client.get(reverse("admin:cms_pagecontent_change", args=[published("contact").pk]))
        assert settings.status_code == 200
    # Page permissions are handed out by superusers only: Publishers get the settings, not the permission forms.
    advanced = client.get(reverse("admin:cms_page_advanced", args=[contact.pk]))
    assert advanced.status_code == 200
    assert "pagepermission" not in advanced.content.decode()
    client.force_login(editor)
    assert client.get(reverse("admin:cms_page_advanced", args=[contact.pk])).status_code == 403


def test_refused_home_page_change_says_why(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:cms_page_set_home", args=[Page.objects.get(reverse_id="about").pk]))
    assert response.status_code == 403
    assert "Only Publishers can choose the home page" in response.content.decode()


def test_refused_title_edit_of_a_published_version_says_what_to_do(client, publisher):
    client.force_login(publisher)
    page = Page.objects.get(reverse_id="contact")
    url = reverse("admin:cms_page_edit_title_fields", args=[page.pk, "en"]) + "?edit_fields=title"
    response = client.post(url, {"title": "Talk to us"})
    assert response.status_code == 403
    assert 'Select "Edit" in the toolbar to make a draft' in response.content.decode()


@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/cms/globalpagepermission/"])
def test_staff_cannot_manage_users_groups_or_page_permissions(client, editor, publisher, url):
    for user in (editor, publisher):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_an_editor_cannot_join_the_publishers(client, editor):
    client.force_login(editor)
    publishers = Group.objects.get(name="Publishers")
    response = client.post(
        reverse("admin:auth_user_change", args=[editor.pk]),
        {"username": editor.username, "groups": [publishers.pk], "is_staff": "on", "is_active": "on"},
    )
    assert response.status_code == 403
    assert not editor.groups.filter(pk=publishers.pk).exists()


# Strategy or plan details ---------------------------------------------------------------------------------


def details_url(details):
    return reverse("admin:documents_strategydetails_change", args=[details.pk])


def test_details_of_a_published_strategy_are_shown_read_only_with_what_to_do(client, editor, publisher):
    details = StrategyDetails.objects.get(extended_object=published("send-plan"))
    for user in (editor, publisher):
        client.force_login(user)
        response = client.get(details_url(details))
        html = response.content.decode()
        assert response.status_code == 200
        assert "These are the details of the published version of the page" in html
        assert 'name="_save"' not in html
        refused = client.post(details_url(details), {"kind": "plan", "status": "superseded"})
        assert refused.status_code == 403
        assert "in the toolbar to make a draft, change the details there, then publish it" in refused.content.decode()
    assert StrategyDetails.objects.get(pk=details.pk).status == details.status


def test_details_of_a_draft_can_be_saved(client, editor):
    draft = new_draft("send-plan")
    details = StrategyDetails.objects.get(extended_object=draft)
    client.force_login(editor)
    html = client.get(details_url(details)).content.decode()
    assert 'name="_save"' in html
    assert "cannot be changed" not in html


@pytest.mark.parametrize("query", ["", "?extended_object=", "?extended_object=abc", "?extended_object=99999999"])
def test_a_details_link_to_no_page_is_a_404(client, editor, query):
    client.force_login(editor)
    assert client.get(reverse("admin:documents_strategydetails_add") + query).status_code == 404


def toolbar_html(client, user, reverse_id):
    client.force_login(user)
    draft = new_draft(reverse_id)
    response = client.get(draft.page.get_absolute_url() + "?toolbar_on&edit")
    assert response.status_code == 200
    return response.content.decode()


def test_toolbar_offers_strategy_details_only_on_strategy_pages(client, editor):
    assert "Strategy or plan details" in toolbar_html(client, editor, "send-plan")
    assert "Strategy or plan details" not in toolbar_html(client, editor, "about")


def test_a_page_that_left_the_strategy_template_keeps_the_item_while_it_has_details(client, editor):
    draft = new_draft("send-plan")
    PageContent.admin_manager.filter(pk=draft.pk).update(template="page.html")
    client.force_login(editor)
    html = client.get(draft.page.get_absolute_url() + "?toolbar_on&edit").content.decode()
    assert "Strategy or plan details" in html


# Unit import and export -----------------------------------------------------------------------------------


def test_only_publishers_import_and_export_units(client, editor, publisher):
    client.force_login(editor)
    assert client.get(reverse("admin:units_sendunit_import")).status_code == 403
    assert client.get(reverse("admin:units_sendunit_export")).status_code == 403
    assert client.post(reverse("admin:units_sendunit_process_import"), {}).status_code == 403
    client.force_login(publisher)
    assert client.get(reverse("admin:units_sendunit_import")).status_code == 200
    assert client.get(reverse("admin:units_sendunit_export")).status_code == 200
    changelist = client.get(reverse("admin:units_sendunit_changelist")).content.decode()
    assert reverse("admin:units_sendunit_import") in changelist


def preview(client, content):
    upload = io.BytesIO(content)
    upload.name = "units.csv"
    response = client.post(
        reverse("admin:units_sendunit_import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    return response.context["confirm_form"].initial


def confirm(client, data):
    return client.post(reverse("admin:units_sendunit_process_import"), data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_confirming_an_import_twice_explains_and_changes_nothing_more(client, publisher):
    client.force_login(publisher)
    unit = SendUnit.objects.order_by("pk").first()
    data = preview(client, unit_csv(unit, name="Imported once"))
    assert "Import finished" in " ".join(messages_of(confirm(client, data)))
    SendUnit.objects.filter(pk=unit.pk).update(name="Changed since")

    again = confirm(client, data)
    assert again.redirect_chain[-1][0] == reverse("admin:units_sendunit_import")
    assert "no longer waiting to be imported" in " ".join(messages_of(again))
    assert SendUnit.objects.get(pk=unit.pk).name == "Changed since"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"import_file_name": "no-such-file"}, "no longer waiting"),
        ({"import_file_name": "../../settings.py"}, "no longer waiting"),
        ({"import_file_name": ".."}, "no longer waiting"),
        ({"import_file_name": ""}, "details were missing"),
        ({"format": "7"}, "unknown file format"),
        ({"format": "-1"}, "unknown file format"),
        ({"format": "x"}, "unknown file format"),
        ({"format": "²"}, "unknown file format"),
    ],
)
def test_a_confirm_step_without_its_file_is_a_message_not_a_500(client, publisher, changes, words):
    client.force_login(publisher)
    data = {"import_file_name": "x", "original_file_name": "units.csv", "format": "0", "resource": "0", **changes}
    response = confirm(client, data)
    assert response.status_code == 200
    assert words in " ".join(messages_of(response))


def test_the_confirm_step_is_post_only(client, publisher):
    client.force_login(publisher)
    assert client.get(reverse("admin:units_sendunit_process_import")).status_code == 405


def test_superusers_still_get_the_page_permission_forms(client, seeded):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    contact = Page.objects.get(reverse_id="contact")
    advanced = client.get(reverse("admin:cms_page_advanced", args=[contact.pk]))
    assert advanced.status_code == 200
    assert "pagepermission" in advanced.content.decode()
    assert client.get(reverse("admin:cms_page_get_permissions", args=[contact.pk])).status_code == 200


def permission_queries(client, path):
    """The page permission look-ups of an anonymous request for ``path``, with every cache cold."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries if "cms_pagepermission" in query["sql"]]


def test_page_permission_checks_cost_the_same_however_many_pages(client, seeded):
    """CMS_PERMISSION adds view-restriction look-ups to a public page (the page's, and the menu's): two
    queries, not one per page in the tree."""
    from cms.api import create_page

    from .roles.pages import setup_user, version_of

    assert len(permission_queries(client, "/about/")) == 2
    for number in range(5):
        page = create_page(f"Extra page {number}", "page.html", "en", created_by=setup_user(), in_navigation=True)
        version_of(PageContent.admin_manager.get(page=page)).publish(setup_user())
    assert len(permission_queries(client, "/about/")) == 2


def test_a_view_restriction_hides_a_cached_page_at_once(client, seeded):
    from cms.models import ACCESS_PAGE, PagePermission

    assert client.get("/contact/").status_code == 200  # now in the public page cache
    PagePermission.objects.create(
        page=Page.objects.get(reverse_id="contact"),
        group=Group.objects.get(name="Publishers"),
        can_view=True,
        grant_on=ACCESS_PAGE,
    )
    assert client.get("/contact/").status_code != 200
