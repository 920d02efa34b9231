"""Partnership news in a real browser: axe on the list, a category, an empty result, bad filters and an
article; the filters work with the keyboard and without JavaScript; the feeds are advertised."""

import pytest

from .pages import SitePage, describe_violations

pytestmark = pytest.mark.browser

NEWS_STATES = {
    "list": "/news/",
    "category": "/news/?category=inspections",
    "category and year": "/news/?category=events-and-engagement&year=2023",
    "empty": "/news/?category=national-policy&year=2020",
    "filter error": "/news/?category=no-such-category&year=abc",
    "article": "/news/send-plan-2021-2025-approved/",
    "home with latest news": "/",
}


@pytest.mark.parametrize("path", NEWS_STATES.values(), ids=NEWS_STATES.keys())
def test_news_has_no_axe_violations(seeded_site, page, path):
    site = SitePage(page, seeded_site.url)
    site.goto(path)
    violations = site.axe_violations()
    assert violations == [], f"{path}:\n{describe_violations(violations)}"


def test_reader_filters_news_by_category_with_javascript_off(seeded_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    site = SitePage(page, seeded_site.url)
    site.goto("/news/")
    page.locator("#id_category").select_option("inspections")
    page.locator("button.button").press("Enter")
    page.wait_for_url("**/news/?*category=inspections*")
    assert page.locator("#results-heading").inner_text() == "2 articles in Inspections"
    page.get_by_role("link", name="Final monitoring visit: sufficient progress in the remaining areas").click()
    assert site.heading.inner_text() == "Final monitoring visit: sufficient progress in the remaining areas"
    assert page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="News").is_visible()


def test_news_feeds_are_advertised_and_served(seeded_site, page):
    site = SitePage(page, seeded_site.url)
    site.goto("/news/?category=inspections")
    feeds = page.locator('link[rel="alternate"]')
    hrefs = [feeds.nth(i).get_attribute("href") for i in range(feeds.count())]
    assert "/news/feed/" in hrefs and "/news/category/inspections/feed/" in hrefs
    response = page.request.get(seeded_site.url + "/news/feed/")
    assert response.status == 200 and "rss" in response.headers["content-type"]


def test_news_reflows_at_320px(seeded_site, new_context):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    site = SitePage(page, seeded_site.url)
    for path in ("/news/", "/news/send-plan-2021-2025-approved/"):
        site.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), path
