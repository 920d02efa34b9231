"""A publisher changes a strategy's details through the CMS toolbar and publishes: the details are carried
into the new draft (djangocms-versioning does not copy page extensions itself) and the public sees the change."""

import pytest
from playwright.sync_api import expect

from tests.factories import StaffUserFactory

from .pages import AdminLoginPage, CmsToolbar, SitePage

pytestmark = pytest.mark.browser

PATH = "/strategies-and-plans/send-plan-2021-2025/"


def test_publisher_edits_strategy_details_from_the_toolbar(fresh_site, new_context):
    StaffUserFactory(username="publisher", groups=["Publishers"])
    page = new_context().new_page()
    AdminLoginPage(page, fresh_site.url).login("publisher")
    toolbar = CmsToolbar(page)
    toolbar.open(fresh_site.url, PATH)
    toolbar.start_editing()

    page.locator(".cms-toolbar-item-navigation > li > a", has_text="Page").first.click()
    page.locator(".cms-toolbar-item-navigation a", has_text="Strategy or plan details").click()
    modal = page.frame_locator(".cms-modal-frame iframe")
    end_year = modal.locator("#id_end_year")
    expect(end_year).to_have_value("2025")
    end_year.fill("2026")
    # After a successful save the CMS closes the modal and reloads the page itself: wait for that reload
    # (reloading it ourselves races with it).
    with (
        page.expect_navigation(),
        page.expect_response(lambda r: "strategydetails" in r.url and r.request.method == "POST") as saved,
    ):
        page.locator(".cms-modal-buttons .cms-btn-action", has_text="Save").click()
    assert saved.value.status in (200, 302)
    toolbar.root.locator(".cms-toolbar").first.wait_for()
    toolbar.publish()

    visitor = new_context().new_page()
    SitePage(visitor, fresh_site.url).goto(PATH)
    expect(visitor.locator(".strategy-facts")).to_contain_text("2021 to 2026")
    SitePage(visitor, fresh_site.url).goto("/strategies-and-plans/")
    expect(visitor.locator("#results")).to_contain_text("Plan, 2021 to 2026.")
