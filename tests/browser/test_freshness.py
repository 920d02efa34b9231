"""Keeping content true in a real browser: the review dashboard is accessible and usable with the keyboard,
and a publisher's "Checked, still right" shows on the public page as "Last reviewed"."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.factories import StaffUserFactory
from units.models import SendUnit

from .pages import AdminLoginPage, SitePage, describe_violations

pytestmark = pytest.mark.browser

DASHBOARD = "/admin/freshness/pagereview/"
UNIT = "/send-units/barden-primary-school/"
LONG_AGO = datetime.date(2025, 1, 6)


def test_unit_page_has_no_axe_violations(seeded_site, page):
    site = SitePage(page, seeded_site.url)
    site.goto(UNIT)
    violations = site.axe_violations()
    assert violations == [], describe_violations(violations)


@pytest.mark.parametrize("width", [1280, 320])
def test_publisher_marks_a_unit_checked_with_the_keyboard(fresh_site, new_context, width):
    SendUnit.objects.filter(slug="barden-primary-school").update(review_by=LONG_AGO)
    StaffUserFactory(username="checker", groups=["Publishers"])
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    AdminLoginPage(page, fresh_site.url).login("checker")
    site = SitePage(page, fresh_site.url)
    site.goto(DASHBOARD)
    violations = site.axe_violations()
    assert violations == [], describe_violations(violations)
    overflow = site.horizontal_overflow()
    assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow

    button = page.get_by_role("button", name="Checked, still right: Barden Primary School SEND unit")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Barden Primary School SEND unit” marked as checked")
    expect(page.get_by_role("button", name="Checked, still right: Barden Primary School SEND unit")).to_have_count(0)

    visitor = new_context().new_page()
    SitePage(visitor, fresh_site.url).goto(UNIT)
    expect(visitor.locator("main")).to_contain_text("Last reviewed")
    expect(visitor.locator("main")).not_to_contain_text("Not yet checked")
