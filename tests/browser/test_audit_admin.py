"""A Publisher reads the change log and the publishing history in the admin: no axe violations, usable at
320 px and with the keyboard."""

import pytest
from auditlog.context import set_actor

from tests.factories import StaffUserFactory
from units.models import SendUnit

from .pages import AdminLoginPage, SitePage, describe_violations

pytestmark = pytest.mark.browser

CHANGES = "/admin/audit/changerecord/"
HISTORY = "/admin/audit/publishingevent/"


@pytest.fixture
def publisher_page(fresh_site, new_context):
    publisher = StaffUserFactory(username="publisher", groups=["Publishers"])
    unit = SendUnit.objects.get(slug="barden-primary-school")
    unit.places = 12
    with set_actor(publisher):
        unit.save()

    def open_as_publisher(**context):
        page = new_context(**context).new_page()
        AdminLoginPage(page, fresh_site.url).login("publisher")
        return SitePage(page, fresh_site.url)

    return open_as_publisher


def assert_no_axe_violations(site, label):
    violations = site.axe_violations()
    assert violations == [], f"{label}:\n{describe_violations(violations)}"


def test_the_change_log_and_an_entry_have_no_axe_violations(publisher_page):
    site = publisher_page()
    site.goto(CHANGES)
    assert_no_axe_violations(site, "change log")
    site.page.locator("#result_list tbody tr").first.locator("a").first.click()
    site.page.wait_for_load_state()
    assert "Places" in site.page.locator("#content").inner_text()
    assert_no_axe_violations(site, "change log entry")
    site.goto(HISTORY)
    assert_no_axe_violations(site, "publishing history")


def test_the_change_log_filters_with_the_keyboard_at_320px(publisher_page):
    site = publisher_page(viewport={"width": 320, "height": 640})
    site.goto(CHANGES)
    assert_no_axe_violations(site, "change log at 320px")
    link = site.page.locator("#changelist-filter a", has_text="publisher")
    link.focus()
    site.page.keyboard.press("Enter")
    site.page.wait_for_url("**who=*")
    rows = site.page.locator("#result_list tbody tr")
    assert rows.count() >= 1
    assert "Barden Primary School SEND unit" in rows.first.inner_text()
    assert_no_axe_violations(site, "filtered change log at 320px")
