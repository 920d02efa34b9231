"""The seeded page tree: what a parent finds, and how pages are put together."""

import os
import re

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string

from .conftest import PUBLIC_PATHS

ONE_CLICK_FROM_HOME = {
    "/about/": "what the SEND Partnership is",
    "/send-units/": "what a SEND unit is",
    "/send-unit-places/admission/": "how admission to a unit works",
    "/send-unit-places/review-monitoring-and-evaluation/": "how units are reviewed",
    "/send-unit-places/transfer-to-mainstream/": "transfers to mainstream",
    "/send-unit-places/transfer-to-specialist-provision/": "transfers to other specialist provision",
    "/inspection-and-improvement/": "the Ofsted/CQC history and improvement plan",
    "/local-offer/": "the local offer",
    "/contact/": "contact",
}


def links(html):
    return set(re.findall(r'href="([^"]+)"', html))


def test_home_links_to_every_key_page_in_one_click(client, seeded):
    home_links = links(client.get("/").content.decode())
    missing = {path: why for path, why in ONE_CLICK_FROM_HOME.items() if path not in home_links}
    assert not missing


@pytest.mark.parametrize(
    ("path", "fact"),
    [
        ("/send-units/", "A SEND unit is a supportive environment within a mainstream school"),
        ("/send-unit-places/admission/", "multi-agency panel"),
        ("/send-unit-places/transfer-to-mainstream/", "more than expected progress"),
        ("/send-unit-places/transfer-to-specialist-provision/", "less than the expected progress"),
        ("/inspection-and-improvement/", "accelerated progress plan"),
        ("/local-offer/", "www.lancashire.gov.uk/SEND"),
        ("/about/", "Lancashire Parent Carer Forum"),
        ("/contact/", "SENDPartnership@lancashire.gov.uk"),
        ("/accessibility/", "Enforcement procedure"),
    ],
)
def test_pages_carry_the_seed_content(client, seeded, path, fact):
    assert fact in client.get(path).content.decode()


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_page_has_one_h1_a_title_a_skip_link_and_the_legal_links(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert re.search(r"<title>[^<]+ - Lancashire SEND Partnership Local Offer</title>", html)
    assert '<a href="#main-content" class="skip-link">' in html
    assert 'id="main-content"' in html
    assert {"/accessibility/", "/privacy/", "/cookies/", "/contact/"} <= links(html)
    assert '<meta name="description" content="' in html


def test_child_pages_have_breadcrumbs_to_their_parent(client, seeded):
    html = client.get("/send-unit-places/admission/").content.decode()
    crumbs = html[html.index('aria-label="Breadcrumb"') :]
    assert '<a href="/">Home</a>' in crumbs
    assert '<a href="/send-unit-places/">SEND unit places</a>' in crumbs
    assert '<span aria-current="page">Admission to SEND units</span>' in crumbs


def test_current_section_is_marked_in_the_main_navigation(client, seeded):
    html = client.get("/about/").content.decode()
    assert '<a href="/about/" aria-current="page">About us</a>' in html


def test_section_page_lists_its_child_pages(client, seeded):
    html = client.get("/send-unit-places/").content.decode()
    assert "In this section" in html
    assert '<a class="card__link" href="/send-unit-places/admission/">Admission to SEND units</a>' in html


def test_unknown_page_gets_a_helpful_404_in_the_site_layout(client, seeded):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'aria-label="Main"' in html
    assert '<a href="/contact/">contact the SEND Partnership</a>' in html


def test_500_page_renders_without_a_database():
    # No `db` fixture: any database access would raise.
    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html


@pytest.mark.parametrize("path", ["/", "/send-unit-places/admission/", "/no-such-page/"])
def test_queries_per_page_are_bounded(client, seeded, django_assert_max_num_queries, path):
    cache.clear()
    # 15, plus the page cache's look-up of the next scheduled article (once per content generation), plus the
    # page's "Last reviewed" date (one query, freshness), plus two for page view restrictions with
    # CMS_PERMISSION on (one for the page, one for the menu; none once cached).
    with django_assert_max_num_queries(19):
        client.get(path)


def test_home_page_weight_is_under_60_kb(client, seeded):
    from django.contrib.staticfiles import finders

    html = client.get("/").content
    assets = re.findall(
        r'<link rel="stylesheet" href="/static/([^"]+)"|<script[^>]+src="/static/([^"]+)"', html.decode()
    )
    sizes = [os.path.getsize(finders.find(css or js)) for css, js in assets]
    assert sizes, "expected the site stylesheet"
    assert len(html) + sum(sizes) < 60 * 1024
