"""The SEND unit directory in a real browser: axe on every state of the list and a unit page, and a parent's
keyboard-only journey through the filters to a unit."""

import pytest

from .pages import SitePage, describe_violations

pytestmark = pytest.mark.browser

SCI = "social-communication-and-interaction"
DIRECTORY_STATES = {
    "list": "/send-units/",
    "filtered": f"/send-units/?need={SCI}&town=Burnley",
    "no results": "/send-units/?q=Atlantis",
    "filter error": "/send-units/?need=no-such-need",
    "unit page": "/send-units/barden-primary-school/",
}


@pytest.mark.parametrize("path", DIRECTORY_STATES.values(), ids=DIRECTORY_STATES.keys())
def test_directory_has_no_axe_violations(seeded_site, page, path):
    site = SitePage(page, seeded_site.url)
    site.goto(path)
    violations = site.axe_violations()
    assert violations == [], f"{path}:\n{describe_violations(violations)}"


def test_directory_reflows_at_320px_without_errors(seeded_site, new_context):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    site = SitePage(page, seeded_site.url)
    site.goto(f"/send-units/?need={SCI}")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert site.axe_violations() == []


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching selector has focus (a keyboard user's only way around)."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} was never reached by Tab")


def test_parent_filters_and_opens_a_unit_with_the_keyboard_only(seeded_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    SitePage(page, seeded_site.url).goto("/send-units/")

    tab_to(page, "#id_need")
    page.keyboard.type("Social c")  # type-ahead on a focused <select>, as a keyboard user chooses
    assert page.locator("#id_need").input_value() == SCI
    tab_to(page, "#id_town")
    page.keyboard.type("Bu")
    assert page.locator("#id_town").input_value() == "Burnley"
    tab_to(page, "button.button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/send-units/?*need={SCI}*")

    assert page.locator("#results-heading").inner_text() == "2 units found"
    tab_to(page, "a:text('Barden Primary School SEND unit')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/send-units/barden-primary-school/")
    assert page.locator("h1").inner_text() == "Barden Primary School SEND unit"


def test_active_filter_can_be_removed_with_the_keyboard(seeded_site, page):
    SitePage(page, seeded_site.url).goto(f"/send-units/?need={SCI}&town=Burnley")
    tab_to(page, ".filter-tag >> nth=1")
    page.keyboard.press("Enter")
    page.wait_for_url("**/send-units/?need=*")
    assert "Town: Burnley" not in page.locator(".active-filters").inner_text()
    assert page.locator("#results-heading").inner_text() == "7 units found"
