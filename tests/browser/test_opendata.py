"""The directory with the synonym search and the Need labels that say what they include, in a real browser:
axe, 320px reflow, and a parent finding the autism units with JavaScript off."""

import pytest

from .pages import SitePage, describe_violations

pytestmark = pytest.mark.browser

SCI = "social-communication-and-interaction"
SCI_LABEL = "Social communication and interaction (including autism)"
STATES = {
    "autism search": "/send-units/?q=autism",
    "autism search and need": f"/send-units/?q=ASD+Burnley&need={SCI}",
}


@pytest.mark.parametrize("path", STATES.values(), ids=STATES.keys())
def test_synonym_search_and_need_labels_have_no_axe_violations(seeded_site, page, path):
    site = SitePage(page, seeded_site.url)
    site.goto(path)
    assert page.locator(f"#id_need option[value='{SCI}']").inner_text() == SCI_LABEL
    violations = site.axe_violations()
    assert violations == [], f"{path}:\n{describe_violations(violations)}"


def test_long_need_labels_reflow_at_320px(seeded_site, new_context):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    site = SitePage(page, seeded_site.url)
    site.goto("/send-units/?q=autism")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    box = page.locator("#id_need").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert site.axe_violations() == []


def test_a_parent_searching_autism_finds_the_units_with_javascript_off(seeded_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    SitePage(page, seeded_site.url).goto("/send-units/")
    page.locator("#id_q").fill("autism")
    page.locator("#id_district").select_option("burnley")
    page.locator("button.button").first.click()
    page.wait_for_url("**/send-units/?*q=autism*")
    assert page.locator("#results-heading").inner_text() == "2 units found"
    assert page.locator(".unit-list__title").all_inner_texts() == [
        "Barden Primary School SEND unit",
        "St Leonard's Voluntary Aided Church of England Primary School SEND unit",
    ]
