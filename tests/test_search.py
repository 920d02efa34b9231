"""Site search: what it finds (on both databases), what it must never find (drafts, scheduled, private,
unpublished), bad input, escaping, query counts; the sitemap and the sharing metadata."""

import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from cms.models import Page, PageContent
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from djangocms_versioning.models import Version

from search import registry
from search.backends import search, visible_entries
from search.highlight import MARK_END, MARK_START, python_snippet, split_marked
from search.models import SearchEntry
from search.search import PageAdapter, register_page_kind
from units.models import SendUnit, Status

from .factories_units import SendUnitFactory
from .test_news import make_article
from .test_publishing import about_version, make_draft

URL = "/search/"
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


def found(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return response, [entry.url for entry in response.context["results"]]


# What it finds ------------------------------------------------------------------------------------------------


def test_seed_builds_the_index_for_every_kind(seeded):
    kinds = set(SearchEntry.objects.values_list("kind", flat=True))
    assert {"pages", "news", "units"} <= kinds
    assert SearchEntry.objects.filter(kind="units").count() == SendUnit.objects.public().count()


def test_burnley_finds_the_burnley_units_and_news_that_mention_it(client, seeded, publisher):
    make_article(publisher, "Open evening for parents", body="<p>Come to the open evening in Burnley.</p>")
    response, urls = found(client, "Burnley")
    assert "/send-units/barden-primary-school/" in urls
    assert any(url.startswith("/news/test-article-") for url in urls)
    kinds = {entry.kind_label for entry in response.context["results"]}
    assert {"SEND unit", "News"} <= kinds
    html = response.content.decode()
    assert "<mark>Burnley</mark>" in html
    assert re.search(r"\d+ results? for “Burnley”", html)


def test_transfers_finds_the_transfer_guidance(client, seeded):
    _, urls = found(client, "transfers")
    assert "/send-unit-places/transfer-to-mainstream/" in urls
    assert "/send-unit-places/transfer-to-specialist-provision/" in urls


def test_ehcp_finds_pages_about_education_health_and_care_plans(client, seeded):
    _, urls = found(client, "EHCP")
    assert "/send-unit-places/admission/" in urls


@on_postgres
def test_postgres_stems_english_words_and_ranks_title_matches_first(client, seeded, publisher):
    make_article(publisher, "Transferring between schools", body="<p>About moving.</p>", slug="moving-schools")
    make_article(publisher, "Something else", body="<p>We mention a transfer once in the body.</p>", slug="else")
    _, urls = found(client, "transfers")
    assert "/news/moving-schools/" in urls  # transferring -> transfer
    assert urls.index("/news/moving-schools/") < urls.index("/news/else/")  # title (A) outranks body (C)


@on_postgres
def test_postgres_understands_websearch_syntax(client, seeded):
    _, quoted = found(client, '"mainstream provision"')
    assert "/send-unit-places/transfer-to-mainstream/" in quoted
    _, excluded = found(client, "burnley -barden")
    assert "/send-units/barden-primary-school/" not in excluded
    assert "/send-units/st-leonards-voluntary-aided-church-of-england-primary-school/" in excluded
    _, either = found(client, "zebraqq or mainstream")
    assert "/send-unit-places/transfer-to-mainstream/" in either


@on_sqlite
def test_sqlite_fallback_needs_every_word_and_strips_plurals(client, seeded):
    _, urls = found(client, "transfers mainstream")
    assert urls[0] == "/send-unit-places/transfer-to-mainstream/"  # both words in the title first
    assert found(client, "transfers zebraqq")[1] == []


def test_each_result_shows_type_title_link_and_date_for_news(client, seeded):
    response, _ = found(client, "improvement plan")
    html = response.content.decode()
    news = [entry for entry in response.context["results"] if entry.kind == "news"]
    assert news and all(entry.date for entry in news)
    assert '<p class="search-result__kind">News</p>' in html
    assert '<time datetime="' in html


def test_pagination_keeps_the_query_and_survives_bad_pages(client, seeded):
    SendUnitFactory.create_batch(25, description="A unit in Burnley for testing pages")
    response, urls = found(client, "Burnley")
    assert len(urls) == 10 and response.context["result_count"] >= 27
    assert "?q=Burnley&amp;page=2" in response.content.decode()
    for page in ("abc", "0", "-1", "99999", "1.5", ""):
        response, urls = found(client, "Burnley", page=page)
        assert urls, page


def test_no_results_page_helps(client, seeded):
    response, urls = found(client, "zebracrossingqq")
    assert urls == []
    html = response.content.decode()
    assert "0 results for" in html
    for link in ('href="/send-units/"', 'href="/news/"', 'href="/contact/"'):
        assert link in html


def test_did_you_mean_for_a_misspelling(client, seeded):
    response, _ = found(client, "tranfser")
    assert response.context["suggestion"] == "transfer"
    assert 'href="/search/?q=transfer"' in response.content.decode()


def test_empty_search_shows_the_form_only(client, seeded):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["result_count"] == 0
    assert 'id="search-page-q"' in response.content.decode()
    assert "results for" not in response.content.decode()


# Bad input ----------------------------------------------------------------------------------------------------

BAD_QUERIES = [
    "",
    "   ",
    "x" * 10_000,
    "burnley " * 2_000,
    "!!!",
    "&",
    "|",
    "!",
    ":*",
    "a:* & b | !c",
    "'",
    '"',
    '"unclosed quote',
    "(((",
    "<->",
    "\\",
    "%_",
    "'; DROP TABLE search_searchentry; --",
    "<script>alert(1)</script>",
    "burnley\x00",
    "\x00",
    "ünïcödé 日本語 🙂",
    "or",
    "-",
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_bad_input_is_never_an_error_and_always_escaped(client, seeded, query):
    response = client.get(URL, {"q": query, "page": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert html.count("<script") == 0  # the strict CSP page carries no script at all


def test_long_query_is_cut_with_a_message(client, seeded):
    response = client.get(URL, {"q": "burnley " + "x" * 500})
    assert response.status_code == 200
    assert response.context["truncated"]
    assert len(response.context["query"]) <= 200
    assert "first 200 characters" in response.content.decode()


def test_odd_query_strings_are_not_errors(client, seeded):
    for query_string in ("q=%ff%fe", "q=a&q=b", "page=abc", "q=%00", "q[]=x"):
        assert client.get(f"{URL}?{query_string}").status_code == 200, query_string


def test_indexed_text_is_escaped_in_titles_and_snippets(client, seeded):
    SendUnitFactory(name="<b>Burnley</b> & <script>alert(1)</script> unit", description="<i>Burnley</i> &amp; co")
    response, _ = found(client, "Burnley")
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;b&gt;" in html and "<i>Burnley" not in html
    assert "&amp;amp;" in html  # the literal text "&amp;" shown as typed


def test_index_text_keeps_words_apart_across_block_tags():
    from search.text import plain_text

    assert plain_text("<p>One.</p><p>Two&amp;<strong>three</strong></p><ul><li>a</li><li>b</li></ul>") == (
        "One. Two&three a b"
    )


def test_highlighting_marks_only_the_terms_and_splits_markers():
    assert split_marked(f"a {MARK_START}b{MARK_END} c") == [("a ", False), ("b", True), (" c", False)]
    parts = python_snippet("Transfer & <transfers>", ["transfer"], whole=True)
    assert parts == [("Transfer", True), (" & <", False), ("transfer", True), ("s>", False)]


# Never found: drafts, scheduled, private, unpublished -----------------------------------------------------------

SECRET = "Zanzibarquokka"


def test_a_draft_edit_of_a_published_page_does_not_leak(client, editor):
    draft = make_draft(editor)
    plugin = draft.content.get_placeholders().get(slot="content").get_plugins().get(plugin_type="TextPlugin")
    plugin = plugin.get_bound_plugin()
    plugin.body += f"<p>{SECRET}</p>"
    plugin.save()
    assert found(client, SECRET)[1] == []
    assert "/about/" in found(client, "Working Together Strategy")[1]


def test_publishing_makes_a_page_findable_and_unpublishing_removes_it(client, editor, publisher):
    draft = make_draft(editor)
    plugin = draft.content.get_placeholders().get(slot="content").get_plugins().get(plugin_type="TextPlugin")
    plugin = plugin.get_bound_plugin()
    plugin.body += f"<p>{SECRET}</p>"
    plugin.save()
    draft.publish(publisher)
    assert found(client, SECRET)[1] == ["/about/"]
    Version.objects.get(pk=draft.pk).unpublish(publisher)
    assert found(client, SECRET)[1] == []
    assert found(client, "Working Together Strategy")[1].count("/about/") == 0


def test_a_login_required_or_deleted_page_is_not_found(client, seeded):
    page = Page.objects.get(reverse_id="about")
    assert "/about/" in found(client, "Working Together Strategy")[1]
    page.login_required = True
    page.save()
    assert "/about/" not in found(client, "Working Together Strategy")[1]
    page.login_required = False
    page.save()
    assert "/about/" in found(client, "Working Together Strategy")[1]
    page.delete()
    assert not SearchEntry.objects.filter(kind="pages", object_key=str(page.pk)).exists()


def test_news_drafts_are_not_found_until_published_and_unpublished_news_goes(client, publisher):
    content = make_article(publisher, f"{SECRET} draft news", publish=False)
    assert found(client, SECRET)[1] == []
    version = Version.objects.get_for_content(content)
    version.publish(publisher)
    assert found(client, SECRET)[1] == [content.get_absolute_url()]
    Version.objects.get(pk=version.pk).unpublish(publisher)
    assert found(client, SECRET)[1] == []


def test_a_draft_edit_of_a_published_article_does_not_leak(client, publisher):
    content = make_article(publisher, "Published news", body="<p>Plain words.</p>")
    draft = Version.objects.get_for_content(content).copy(publisher)
    plugin = draft.content.body_placeholder.get_plugins().get(plugin_type="TextPlugin").get_bound_plugin()
    plugin.body = f"<p>{SECRET}</p>"
    plugin.save()
    assert found(client, SECRET)[1] == []
    assert content.get_absolute_url() in found(client, "Published news")[1]


def test_scheduled_news_is_found_only_from_its_publication_date(client, publisher):
    date = timezone.now() + datetime.timedelta(days=3)
    content = make_article(publisher, f"{SECRET} scheduled", date=date)
    assert found(client, SECRET)[1] == []
    entry = SearchEntry.objects.get(kind="news", object_key=str(content.article_id))
    assert entry.visible_from == date  # indexed now, hidden until then: no rebuild needed at that moment
    later = date + datetime.timedelta(minutes=1)
    assert visible_entries("en", now=later).filter(pk=entry.pk).exists()
    assert not visible_entries("en").filter(pk=entry.pk).exists()


def test_units_are_reindexed_on_save_and_closed_or_deleted_units_go(client, seeded):
    unit = SendUnitFactory(name=f"{SECRET} unit")
    assert found(client, SECRET)[1] == [unit.get_absolute_url()]
    unit.status = Status.CLOSED
    unit.save()
    assert found(client, SECRET)[1] == []
    unit.status = Status.OPEN
    unit.save()
    assert found(client, SECRET)[1] == [unit.get_absolute_url()]
    unit.delete()
    assert found(client, SECRET)[1] == []


def test_rebuild_command_restores_a_lost_index(client, seeded):
    expected = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert SearchEntry.objects.count() == expected
    assert "units:" in out.getvalue()
    call_command("rebuild_search_index", "units", stdout=io.StringIO())
    assert SearchEntry.objects.count() == expected


def test_rebuild_command_refuses_unknown_kinds(seeded):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("rebuild_search_index", "nonsense", stdout=io.StringIO())


def test_another_app_can_name_the_type_of_some_pages(client, seeded):
    hook = register_page_kind(
        lambda contents: {c.pk: "Strategy document" for c in contents if c.page.reverse_id == "about"}
    )
    try:
        registry.get_adapter("pages").refresh(Page.objects.get(reverse_id="about").pk)
        response, _ = found(client, "Working Together Strategy")
        labels = {entry.url: entry.kind_label for entry in response.context["results"]}
        assert labels["/about/"] == "Strategy document"
    finally:
        from search import search as pages_search

        pages_search._page_kinds.remove(hook)


def test_the_index_only_holds_public_pages(seeded):
    adapter = PageAdapter()
    public = PageContent.objects.filter(language="en", page__login_required=False).count()
    assert SearchEntry.objects.filter(kind="pages").count() == public == adapter.get_queryset("en").count()


def test_query_count_is_bounded_and_constant(client, seeded, django_assert_max_num_queries):
    client.get(URL, {"q": "Burnley"})  # warm the per-process caches (content types, menus)
    with django_assert_max_num_queries(12):
        client.get(URL, {"q": "Burnley"})
    SendUnitFactory.create_batch(30, description="Burnley")
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"q": "Burnley"})
    assert len(response.context["results"]) == 10


def test_search_function_orders_and_filters_by_language(seeded):
    assert search("Burnley", "en").exists()
    assert not search("Burnley", "xx").exists()


# Header search, sitemap, sharing metadata -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/about/", "/news/", "/send-units/barden-primary-school/", URL])
def test_every_page_has_the_header_search_form(client, seeded, path):
    html = client.get(path).content.decode()
    assert '<form class="header-search" method="get" action="/search/" role="search"' in html
    assert '<label class="visually-hidden" for="header-search-q">Search this site</label>' in html
    assert '<button class="header-search__button" type="submit">Search</button>' in html


SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_is_valid_and_lists_every_public_page_with_lastmod(client, seeded):
    from .conftest import PUBLIC_PATHS

    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own response
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    urls = root.findall("sm:url", SITEMAP_NS)
    locations = [url.find("sm:loc", SITEMAP_NS).text for url in urls]
    assert len(locations) == len(set(locations))
    paths = {re.sub(r"^https?://[^/]+", "", loc) for loc in locations}
    for path in PUBLIC_PATHS + ["/have-your-say/"]:
        assert path in paths or path.startswith("/search/"), path
    for unit in SendUnit.objects.public():
        assert unit.get_absolute_url() in paths
    for url in urls:
        lastmod = url.find("sm:lastmod", SITEMAP_NS)
        assert lastmod is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod.text), ET.tostring(url)
    closed = SendUnitFactory(status=Status.CLOSED, slug="closed-unit")
    assert closed.get_absolute_url() not in client.get("/sitemap.xml").content.decode()


def test_robots_txt_points_to_the_sitemap(client, db):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def test_cms_pages_have_canonical_description_and_open_graph_tags(client, seeded):
    content = PageContent.objects.get(page__reverse_id="about", language="en")
    html = client.get("/about/?utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/about/">' in html
    assert meta(html, "name", "description") == content.meta_description
    assert meta(html, "property", "og:description") == content.meta_description
    assert meta(html, "property", "og:title") == content.title
    assert meta(html, "property", "og:url") == "http://testserver/about/"
    assert meta(html, "name", "twitter:card") == "summary"


def test_staff_edited_meta_description_feeds_the_tags(client, editor, publisher):
    draft = about_version().copy(editor)
    PageContent.admin_manager.filter(pk=draft.content.pk).update(meta_description="A new description & more")
    draft.publish(publisher)
    html = client.get("/about/").content.decode()
    assert meta(html, "name", "description") == "A new description &amp; more"
    assert meta(html, "property", "og:description") == "A new description &amp; more"


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_news_articles_carry_news_article_json_ld(client, seeded):
    html = client.get("/news/send-plan-2021-2025-approved/").content.decode()
    data = jsonld(html)
    assert data["@type"] == "NewsArticle"
    assert data["datePublished"].startswith("2021-06-01")
    assert data["mainEntityOfPage"] == "http://testserver/news/send-plan-2021-2025-approved/"
    assert meta(html, "property", "og:type") == "article"


def test_units_carry_school_json_ld(client, seeded):
    html = client.get("/send-units/barden-primary-school/").content.decode()
    data = jsonld(html)
    assert data["@type"] == "School"
    assert data["address"]["addressLocality"] == "Burnley"
    assert data["url"] == "http://testserver/send-units/barden-primary-school/"


def test_json_ld_cannot_be_broken_out_of(client, seeded):
    unit = SendUnitFactory(description="</script><script>alert(1)</script> & more")
    html = client.get(unit.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert jsonld(html)["description"] == "</script><script>alert(1)</script> & more"


def test_search_results_are_not_indexed_by_search_engines(client, seeded):
    html = client.get(URL, {"q": "Burnley"}).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html


# Strategy documents (documents/search.py) --------------------------------------------------------------------


def test_strategy_pages_are_found_with_their_own_type(client, seeded):
    response, urls = found(client, "sufficiency")
    assert "/strategies-and-plans/send-sufficiency-strategy-2019-2024/" in urls
    labels = {entry.url: entry.kind_label for entry in response.context["results"]}
    assert labels["/strategies-and-plans/send-sufficiency-strategy-2019-2024/"] == "Strategy"
    response, _ = found(client, "SEND Plan")
    labels = {entry.url: entry.kind_label for entry in response.context["results"]}
    assert labels["/strategies-and-plans/send-plan-2021-2025/"] == "Plan"


def test_a_page_is_found_by_the_titles_of_its_documents(client, seeded):
    entry = SearchEntry.objects.get(kind="pages", url="/local-offer/")
    assert "SEND local offer flyer" in entry.body  # the Document block's title, not only the page's text
    _, urls = found(client, "flyer")
    assert "/local-offer/" in urls


def test_autism_finds_the_social_communication_units(client, seeded):
    # The seed never says "autism"; parents do. The units for it are the social communication ones.
    for query in ("autism", "Autistic", "ASD Burnley"):
        _, urls = found(client, query)
        assert "/send-units/barden-primary-school/" in urls, query
