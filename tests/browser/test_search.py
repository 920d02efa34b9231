"""Site search in the browser: the header box without JavaScript, results and highlighting, and the
structured data blocks of articles and units under the strict CSP."""

import pytest

from .pages import SitePage

pytestmark = pytest.mark.browser


def test_header_search_works_without_javascript(seeded_site, visitor):
    page = visitor(javascript=False)
    site = SitePage(page, seeded_site.url)
    site.goto("/about/")
    page.get_by_label("Search this site").fill("Burnley")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/?q=Burnley")
    assert page.get_by_role("heading", name="results for “Burnley”").is_visible()
    assert page.locator(".search-result mark").first.inner_text() == "Burnley"
    assert page.get_by_role("link", name="Barden Primary School SEND unit").is_visible()


def test_header_search_is_reachable_by_keyboard(seeded_site, visitor):
    page = visitor()
    site = SitePage(page, seeded_site.url)
    site.goto("/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # site name
    page.keyboard.press("Tab")
    assert site.focused_element()["id"] == "header-search-q"
    page.keyboard.type("tranfser")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=tranfser")
    page.get_by_role("link", name="transfer").click()
    page.wait_for_url("**/search/?q=transfer")
    assert page.get_by_role("link", name="Transfer out of a SEND unit to mainstream provision").is_visible()


@pytest.mark.parametrize("path", ["/send-units/barden-primary-school/", "/news/send-plan-2021-2025-approved/"])
def test_structured_data_raises_no_csp_violation(seeded_site, new_context, path):
    page = new_context().new_page()
    problems = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    SitePage(page, seeded_site.url).goto(path)
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert problems == []
