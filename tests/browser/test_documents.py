"""Strategies and plans in a real browser: axe on every state of the list and on strategy pages, the filter
without JavaScript, and a parent downloading a document after reading its type, size and pages."""

import pytest

from .pages import SitePage, describe_violations

pytestmark = pytest.mark.browser

STATES = {
    "list": "/strategies-and-plans/",
    "filtered": "/strategies-and-plans/?status=in-development",
    "empty": "/strategies-and-plans/?status=superseded",
    "filter error": "/strategies-and-plans/?status=nonsense",
    "strategy with a document": "/strategies-and-plans/send-plan-2021-2025/",
    "strategy without documents": "/strategies-and-plans/continuous-improvement-plan-2023-2024/",
    "published elsewhere": "/strategies-and-plans/send-and-alternative-provision-improvement-plan/",
    "local offer flyer": "/local-offer/",
}


@pytest.mark.parametrize("path", STATES.values(), ids=STATES.keys())
def test_strategy_pages_have_no_axe_violations(seeded_site, page, path):
    site = SitePage(page, seeded_site.url)
    site.goto(path)
    violations = site.axe_violations()
    assert violations == [], f"{path}:\n{describe_violations(violations)}"


def test_parent_filters_with_javascript_off(seeded_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    site = SitePage(page, seeded_site.url)
    site.goto("/strategies-and-plans/")
    page.locator("#id_status").select_option("in-development")
    page.locator("button.button").press("Enter")
    page.wait_for_url("**/strategies-and-plans/?status=in-development*")
    assert page.locator("#results-heading").inner_text() == "2 strategies and plans: in development or consultation"


def test_parent_sees_type_size_and_pages_then_downloads(seeded_site, new_context):
    page = new_context(accept_downloads=True).new_page()
    site = SitePage(page, seeded_site.url)
    site.goto("/strategies-and-plans/")
    page.get_by_role("link", name="SEND Plan 2021 to 2025").click()
    link = page.get_by_role("link", name="SEND Plan 2021 to 2025 (PDF")
    name = link.inner_text()
    assert name.startswith("SEND Plan 2021 to 2025 (PDF, ") and name.endswith(" KB, 4 pages)"), name
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "send-plan-2021-2025.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
