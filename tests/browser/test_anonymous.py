"""What an anonymous visitor gets: pages that work without JavaScript, no cookies, no CMS toolbar code,
static files from the collectstatic manifest, and no console errors (e.g. Content-Security-Policy reports)."""

import re

import pytest

from tests.conftest import PUBLIC_PATHS

from .pages import SitePage

pytestmark = pytest.mark.browser

NOT_FOUND_PATH = "/this-page-does-not-exist/"


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_page_renders_heading_and_navigation_without_javascript(seeded_site, visitor, path):
    site = SitePage(visitor(javascript=False), seeded_site.url)
    site.goto(path)
    assert site.heading.count() == 1
    assert site.heading.inner_text().strip()
    assert site.main_nav.is_visible()
    assert site.main_nav_links.count() >= 5
    assert site.skip_link.count() == 1


def test_anonymous_visit_sets_no_cookie_and_loads_no_cms_code(seeded_site, new_context):
    context = new_context()
    page = context.new_page()
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and problems.append((msg.location["url"], msg.text)))
    page.on("pageerror", lambda error: problems.append((page.url, str(error))))
    site = SitePage(page, seeded_site.url)

    for path in PUBLIC_PATHS:
        site.goto(path)
        assert page.locator("#cms-top, .cms-toolbar").count() == 0, f"{path} shows the CMS toolbar"
    site.goto(NOT_FOUND_PATH, expected_status=404)

    assert context.cookies() == []
    cms_requests = [url for url in requests if "/static/cms/" in url or "/static/djangocms" in url]
    assert cms_requests == []
    # The one expected error: Chromium reports the 404 status of the not-found page itself.
    problems = [(url, text) for url, text in problems if not (url.endswith(NOT_FOUND_PATH) and "404" in text)]
    assert problems == [], "console errors (CSP violations are reported here)"


def test_static_files_come_from_the_manifest_with_long_caching(seeded_site, new_context):
    page = new_context().new_page()  # an empty HTTP cache: every file really is fetched
    responses = []
    page.on("response", lambda response: responses.append(response))
    SitePage(page, seeded_site.url).goto("/")
    static = [r for r in responses if "/static/" in r.url]
    names = {re.sub(r"\.[0-9a-f]{12}\.", ".HASH.", r.url.split("/static/")[1]) for r in static}
    assert "css/site.HASH.css" in names, [r.url for r in static]
    assert all(".HASH." in name for name in names), f"static files not from the manifest: {names}"
    for response in static:
        assert response.status == 200, response.url
        assert "immutable" in response.headers.get("cache-control", ""), response.url
    stylesheet = next(r for r in static if "/css/site." in r.url)
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == (
        "rgb(11, 12, 12)"
    ), f"{stylesheet.url} was not applied"
