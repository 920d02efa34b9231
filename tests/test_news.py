"""Partnership news: the seeded articles, the list with filters and pages, articles, feeds, sitemap, the
"Latest news" block, and drafts and scheduled articles never reaching the public."""

import datetime
import io
import itertools

import feedparser
import pytest
from cms.models import PageContent
from cms.toolbar.utils import get_object_preview_url
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.constants import DRAFT, PUBLISHED
from djangocms_versioning.models import Version

from news.cms_plugins import LatestNewsPlugin
from news.models import Article, ArticleContent, Category, LatestNews
from news.seed import ARTICLES, CATEGORIES

LIST = "/news/"
SEEDED = "/news/send-plan-2021-2025-approved/"
DRAFT_TITLE = "A draft nobody outside should see"
SCHEDULED_TITLE = "A scheduled article still waiting"
_slugs = itertools.count()


def make_article(user, title, *, date=None, categories=(), publish=True, slug=None, body="<p>Body text.</p>"):
    """An article the way staff make one: grouper, then content through versioning's manager (a draft)."""
    from cms.api import add_plugin

    article = Article.objects.create(slug=slug or f"test-article-{next(_slugs)}")
    article.categories.set(categories)
    content = ArticleContent.objects.with_user(user).create(
        article=article, title=title, summary=f"Summary of {title}", publication_date=date or timezone.now()
    )
    add_plugin(content.body_placeholder, "TextPlugin", "en", body=body)
    if publish:
        Version.objects.get_for_content(content).publish(user)
    return content


def state(content):
    return Version.objects.get(pk=Version.objects.get_for_content(content).pk).state


def publish_url(content):
    version = Version.objects.get_for_content(content)
    return reverse("admin:djangocms_versioning_articlecontentversion_publish", args=[version.pk])


@pytest.fixture
def hidden(seeded, publisher):
    """One draft and one published-but-scheduled article, both in a seeded category."""
    category = Category.objects.get(slug="inspections")
    draft = make_article(publisher, DRAFT_TITLE, categories=[category], publish=False, slug="the-draft")
    scheduled = make_article(
        publisher,
        SCHEDULED_TITLE,
        date=timezone.now() + datetime.timedelta(days=3),
        categories=[category],
        slug="the-scheduled-one",
    )
    return draft, scheduled


# The seed ----------------------------------------------------------------------------------------------------


def test_seed_creates_the_news_from_the_seed_page(seeded):
    assert Category.objects.count() == len(CATEGORIES)
    live = ArticleContent.objects.published()
    assert live.count() == len(ARTICLES) == 10
    plan = live.get(article__slug="send-and-alternative-provision-improvement-plan")
    assert timezone.localtime(plan.publication_date).date() == datetime.date(2023, 3, 2)
    revisit = live.get(article__slug="ofsted-cqc-send-local-area-revisit")
    assert timezone.localtime(revisit.publication_date).date() == datetime.date(2020, 3, 1)
    assert list(revisit.article.categories.values_list("slug", flat=True)) == ["inspections"]


def test_seed_is_idempotent_and_adds_one_latest_news_block(seeded):
    call_command("seed_site", stdout=io.StringIO())
    assert Article.objects.count() == len(ARTICLES)
    home = PageContent.objects.get(page__reverse_id="home", language="en")
    blocks = [p for p in home.get_placeholders() if p.get_plugins().filter(plugin_type="LatestNewsPlugin").exists()]
    assert len(blocks) == 1


def test_seeded_articles_link_to_the_rest_of_the_site(client, seeded):
    html = client.get("/news/send-sufficiency-strategy-and-send-units/").content.decode()
    assert 'href="/send-units/"' in html
    html = client.get("/news/ofsted-cqc-send-local-area-revisit/").content.decode()
    assert 'href="/inspection-and-improvement/"' in html


# The list -----------------------------------------------------------------------------------------------------


def test_list_shows_newest_first_with_summaries_and_the_intro(client, seeded):
    html = client.get(LIST).content.decode()
    assert "10 articles" in html
    assert "News from the Lancashire SEND Partnership about its strategies" in html  # the CMS intro
    first = html.index("Government publishes the SEND and alternative provision improvement plan")
    assert first < html.index("Lancashire Parent Carer Forum open event") < html.index("SEND Plan 2021-2025 approved")
    assert "On 2 March 2023 the government published its plans" in html  # summaries
    assert 'rel="next"' not in html  # ten to a page


def test_list_filters_by_category_and_year_with_shareable_urls(client, seeded):
    html = client.get(LIST, {"category": "inspections"}).content.decode()
    assert "2 articles in Inspections" in html
    assert "Final monitoring visit" in html and "Working Together Strategy" not in html
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert "/news/category/inspections/feed/" in html
    html = client.get(LIST, {"year": "2021"}).content.decode()
    assert "2 articles from 2021" in html
    html = client.get(LIST, {"category": "events-and-engagement", "year": "2023"}).content.decode()
    assert "2 articles in Events and engagement from 2023" in html


def test_pagination_keeps_the_filters(client, seeded, publisher):
    category = Category.objects.get(slug="send-units")
    for i in range(12):
        make_article(
            publisher, f"Unit news {i}", categories=[category], date=timezone.now() - datetime.timedelta(days=i)
        )
    html = client.get(LIST, {"category": "send-units"}).content.decode()
    assert 'href="?category=send-units&amp;page=2#results"' in html
    html = client.get(LIST, {"category": "send-units", "page": "2"}).content.decode()
    assert "Page 2 of 2" in html


@pytest.mark.parametrize(
    "query",
    [
        {"page": "0"},
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"category": "no-such-category"},
        {"category": "\x00"},
        {"year": "abc"},
        {"year": "1900"},
        {"year": "99999999999999999999"},
        {"year": "\x00"},
        {"category": "<script>alert(1)</script>"},
        {"category": "x" * 5000, "year": "2021", "page": "3"},
    ],
)
def test_bad_input_gets_a_normal_page(client, seeded, query):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_non_utf8_query_string_is_not_an_error(client, seeded):
    assert client.get(LIST + "?category=%ff%fe&year=%c3%28").status_code == 200


def test_unknown_filter_value_is_explained(client, seeded):
    html = client.get(LIST, {"category": "no-such-category"}).content.decode()
    assert "There is a problem with the filters" in html
    assert 'aria-invalid="true"' in html
    assert "10 articles" in html  # the bad filter is ignored


def test_empty_list_is_helpful(client, seeded):
    html = client.get(LIST, {"category": "national-policy", "year": "2020"}).content.decode()
    assert "0 articles" in html
    assert "There are no news articles matching these filters" in html


# An article ---------------------------------------------------------------------------------------------------


def test_article_page_has_breadcrumbs_categories_dates_and_related_news(client, seeded):
    html = client.get(SEEDED).content.decode()
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    assert '<a href="/news/">News</a>' in html
    assert '<span aria-current="page">SEND Plan 2021-2025 approved</span>' in html
    assert '<time datetime="2021-06-01T00:00:00+01:00">1 June 2021</time>' in html
    assert "/news/?category=strategies-and-plans" in html
    assert "Related news" in html
    assert "300 people" not in html  # nothing invented: the seed says "over 160" and "more than 100"
    assert "over 160 people" in html


def test_updated_date_and_note_are_shown(client, seeded, publisher):
    content = make_article(publisher, "Changed later", date=timezone.now() - datetime.timedelta(days=10))
    ArticleContent.admin_manager.filter(pk=content.pk).update(
        updated_date=timezone.now() - datetime.timedelta(days=1), update_note="Added the event dates"
    )
    html = client.get(content.get_absolute_url()).content.decode()
    assert "Updated" in html and "Added the event dates" in html


@pytest.mark.parametrize(
    "path",
    ["/news/no-such-article/", "/news/%00/", "/news/%C3%A9t%C3%A9/", "/news/" + "a" * 500 + "/", "/news/a/b/c/"],
)
def test_odd_article_addresses_are_404(client, seeded, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/%00/", "/news/%00/", "/send-units/%00/", "/about/a%00b/"])
def test_a_nul_byte_in_any_path_is_a_404_on_every_database(client, seeded, path):
    assert client.get(path).status_code == 404


def test_everything_staff_type_is_escaped(client, seeded, publisher):
    content = make_article(publisher, "<script>alert('x')</script> & more", slug="escaped")
    for path in (LIST, content.get_absolute_url(), "/news/feed/", "/news/feed/atom/", "/"):
        body = client.get(path).content.decode()
        assert "<script>alert('x')</script>" not in body, path


def test_image_needs_alternative_text():
    content = ArticleContent(title="t", summary="s", image_id=1, image_alt=" ")
    with pytest.raises(Exception, match="Describe the image"):
        content.clean()


# Feeds and sitemap --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/news/feed/", "/news/feed/atom/"])
def test_feeds_parse_and_carry_absolute_links(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 10
    assert feed.feed.link.startswith("http")
    assert all(entry.link.startswith("http://") for entry in feed.entries)
    assert all(entry.id.startswith("http://") for entry in feed.entries)  # RSS guid / Atom id: absolute too
    # Four items share the newest date (2 March 2023: midnight in London, as UTC).
    assert feed.entries[0].published_parsed[:3] in [(2023, 3, 1), (2023, 3, 2)]
    plan = next(e for e in feed.entries if e.link.endswith("/news/send-and-alternative-provision-improvement-plan/"))
    assert plan.title == "Government publishes the SEND and alternative provision improvement plan"
    assert {tag.term for tag in plan.tags} == {"National policy"}
    assert plan.summary.startswith("On 2 March 2023 the government published")


@pytest.mark.parametrize("path", ["/news/category/inspections/feed/", "/news/category/inspections/feed/atom/"])
def test_category_feeds(client, seeded, path):
    feed = feedparser.parse(client.get(path).content)
    assert not feed.bozo
    assert "Inspections" in feed.feed.title
    assert [e.title.split(":")[0] for e in feed.entries] == ["Final monitoring visit", "Ofsted and CQC revisit"]


@pytest.mark.parametrize("path", ["/news/category/no-such/feed/", "/news/category/%00/feed/atom/"])
def test_unknown_category_feed_is_404(client, seeded, path):
    assert client.get(path).status_code == 404


def test_every_page_advertises_the_news_feeds(client, seeded):
    html = client.get("/about/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html and 'href="/news/feed/"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html and 'href="/news/feed/atom/"' in html


def test_sitemap_lists_published_articles_with_lastmod(client, seeded):
    body = client.get("/sitemap.xml").content.decode()
    assert "/news/send-plan-2021-2025-approved/</loc>" in body
    assert "<lastmod>2021-06-01</lastmod>" in body


# Drafts and scheduled articles leak nowhere -------------------------------------------------------------------


def test_drafts_and_scheduled_articles_leak_nowhere(client, hidden):
    draft, scheduled = hidden
    paths = [
        "/",
        LIST,
        LIST + "?category=inspections",
        "/news/feed/",
        "/news/feed/atom/",
        "/news/category/inspections/feed/",
        "/news/category/inspections/feed/atom/",
        "/sitemap.xml",
        "/news/final-monitoring-visit-sufficient-progress/",  # related news of the same category
    ]
    for path in paths:
        body = client.get(path).content.decode()
        assert client.get(path).status_code == 200, path
        for secret in (DRAFT_TITLE, SCHEDULED_TITLE, "the-draft", "the-scheduled-one"):
            assert secret not in body, (path, secret)
    assert client.get("/news/the-draft/").status_code == 404
    assert client.get("/news/the-scheduled-one/").status_code == 404
    assert not ArticleContent.objects.published().filter(pk__in=[draft.pk, scheduled.pk]).exists()
    assert not Article.objects.published().filter(slug__in=["the-draft", "the-scheduled-one"]).exists()
    cache.clear()  # the list was served from the page cache above: render it again to see its context
    years = dict(client.get(LIST).context["filter"].form.fields["year"].choices)
    assert str(timezone.localtime(scheduled.publication_date).year) not in years


def test_year_filter_lists_the_years_with_news_and_follows_publishing(client, seeded, publisher):
    years = list(dict(client.get(LIST).context["filter"].form.fields["year"].choices))
    assert years == ["", "2023", "2022", "2021", "2020"]
    make_article(publisher, "News from 2019", date=timezone.make_aware(datetime.datetime(2019, 7, 1)))
    years = list(dict(client.get(LIST).context["filter"].form.fields["year"].choices))
    assert years == ["", "2023", "2022", "2021", "2020", "2019"]


def test_a_scheduled_article_appears_when_its_time_comes(client, hidden):
    _, scheduled = hidden
    assert SCHEDULED_TITLE not in client.get("/").content.decode()
    ArticleContent.admin_manager.filter(pk=scheduled.pk).update(
        publication_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    cache.clear()  # the cached home page expires at the scheduled time (next test); here time "passes" at once
    for path in ("/", LIST, "/news/feed/", "/sitemap.xml"):
        assert (
            SCHEDULED_TITLE in client.get(path).content.decode()
            or "the-scheduled-one" in client.get(path).content.decode()
        ), path
    assert client.get("/news/the-scheduled-one/").status_code == 200


def test_cached_home_page_expires_when_the_next_scheduled_article_goes_live(rf, hidden):
    _, scheduled = hidden
    plugin = LatestNewsPlugin()
    request = rf.get("/")
    assert plugin.get_cache_expiration(request, LatestNews(count=3), None) == scheduled.publication_date


def test_publishing_an_article_refreshes_the_cached_home_page(client, seeded, publisher):
    assert "Fresh news" not in client.get("/").content.decode()  # now in the CMS page cache
    make_article(publisher, "Fresh news")
    assert "Fresh news" in client.get("/").content.decode()


def test_latest_news_block_shows_the_newest_articles_up_to_its_count(client, seeded):
    html = client.get("/").content.decode()
    assert "Latest news" in html
    assert "Government publishes the SEND and alternative provision improvement plan" in html
    assert "Ofsted and CQC revisit" not in html  # older than the newest three
    assert 'href="/news/"' in html


# Writing, previewing, scheduling and publishing ---------------------------------------------------------------


def test_groups_can_write_and_only_publishers_publish(editor, publisher):
    assert editor.has_perm("news.add_articlecontent") and editor.has_perm("news.change_articlecontent")
    assert not editor.has_perm("news.publish_articlecontent")
    assert publisher.has_perm("news.publish_articlecontent")
    assert publisher.has_perm("news.change_category") and not editor.has_perm("news.change_category")


def test_editor_writes_a_draft_but_cannot_publish_it(client, editor):
    content = make_article(editor, DRAFT_TITLE, publish=False)
    version = Version.objects.get_for_content(content)
    assert version.has_change_permission(editor)
    assert not version.has_publish_permission(editor)
    client.force_login(editor)
    client.post(publish_url(content))
    assert Version.objects.get(pk=version.pk).state == DRAFT
    client.logout()
    assert client.get(content.get_absolute_url()).status_code == 404


def test_publisher_previews_then_publishes(client, editor, publisher):
    content = make_article(editor, DRAFT_TITLE, publish=False, body="<p>Words of the draft</p>")
    client.force_login(publisher)
    preview = client.get(get_object_preview_url(content))
    assert preview.status_code == 200
    assert "Words of the draft" in preview.content.decode()
    client.post(publish_url(content))
    assert state(content) == PUBLISHED
    client.logout()
    html = client.get(content.get_absolute_url()).content.decode()
    assert DRAFT_TITLE in html and "Words of the draft" in html


def test_publisher_schedules_an_article(client, publisher):
    content = make_article(publisher, SCHEDULED_TITLE, publish=False, date=timezone.now() + datetime.timedelta(hours=2))
    client.force_login(publisher)
    client.post(publish_url(content))
    assert state(content) == PUBLISHED
    client.logout()
    assert client.get(content.get_absolute_url()).status_code == 404
    assert SCHEDULED_TITLE not in client.get(LIST).content.decode()


def test_editing_a_published_article_makes_a_draft_until_published(client, editor, publisher):
    published = ArticleContent.objects.get(article__slug="send-plan-2021-2025-approved")
    draft = Version.objects.get_for_content(published).copy(editor)
    plugin = draft.content.body_placeholder.get_plugins().get(plugin_type="TextPlugin").get_bound_plugin()
    plugin.body = plugin.body.replace("over 160 people", "a changed number of people")
    plugin.save()
    ArticleContent.admin_manager.filter(pk=draft.content.pk).update(title="A changed title")
    assert "A changed title" not in client.get(SEEDED).content.decode()
    client.force_login(publisher)
    client.post(publish_url(draft.content))
    client.logout()
    html = client.get(SEEDED).content.decode()
    assert "A changed title" in html and "a changed number of people" in html
    assert draft.content.article.categories.count() == 2  # categories stay with the article


def test_staff_open_the_toolbar_on_an_article(client, publisher):
    client.force_login(publisher)
    response = client.get(SEEDED + "?toolbar_on")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/admin/news/article/", "/admin/news/article/add/", "/admin/news/category/"])
def test_admin_pages_open(client, publisher, path):
    client.force_login(publisher)
    assert client.get(path).status_code == 200


# Query counts: constant in the number of articles -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        (LIST, 18),
        (LIST + "?category=inspections&year=2021", 18),
        ("/news/feed/", 8),
        ("/news/category/inspections/feed/atom/", 8),
        (SEEDED, 18),
        ("/", 16),
    ],
)
def test_queries_are_constant_in_the_number_of_articles(
    client, seeded, publisher, django_assert_max_num_queries, path, limit
):
    client.get(path)  # warm the CMS's own caches (menus, URL revision) so only our queries vary
    with CaptureQueriesContext(connection) as with_ten:
        client.get(path)
    categories = list(Category.objects.all())
    for i in range(55):
        make_article(
            publisher,
            f"Bulk {i}",
            categories=categories[i % 5 : i % 5 + 2],
            date=timezone.make_aware(datetime.datetime(2021, 1 + i % 12, 1 + i % 28)),
        )
    client.get(path)
    with django_assert_max_num_queries(limit):
        client.get(path)
    with CaptureQueriesContext(connection) as with_sixty_five:
        client.get(path)
    assert len(with_sixty_five) == len(with_ten)


def admin_form(category, **changes):
    return {
        "slug": "written-in-the-admin",
        "categories": [category.pk],
        "content__title": "Written in the admin",
        "content__summary": "A summary written in the admin.",
        "content__publication_date": "2024-05-01 09:00:00",
        "initial-content__publication_date": "2024-05-01 09:00:00",
        "content__updated_date": "",
        "content__update_note": "",
        "content__image": "",
        "content__image_alt": "",
        **changes,
    }


def test_the_admin_refuses_an_image_without_alternative_text(client, publisher, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.base import ContentFile
    from filer.models import Image

    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
        b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00"
        b"\x00\x00IEND\xaeB`\x82"
    )
    image = Image.objects.create(original_filename="dot.png", file=ContentFile(png, "dot.png"), owner=publisher)
    client.force_login(publisher)
    category = Category.objects.get(slug="events-and-engagement")
    response = client.post("/admin/news/article/add/", admin_form(category, content__image=image.pk))
    assert response.status_code == 200
    assert "Describe the image for people who cannot see it." in response.content.decode()
    assert not Article.objects.filter(slug="written-in-the-admin").exists()
    response = client.post(
        "/admin/news/article/add/", admin_form(category, content__image=image.pk, content__image_alt="A dot")
    )
    assert response.status_code == 302
    content = ArticleContent.admin_manager.get(article__slug="written-in-the-admin")
    assert content.image_id == image.pk and content.image_alt == "A dot"


def test_publisher_writes_an_article_in_the_admin_then_publishes_it(client, publisher):
    client.force_login(publisher)
    category = Category.objects.get(slug="events-and-engagement")
    response = client.post("/admin/news/article/add/", admin_form(category))
    assert response.status_code == 302, response.content.decode()[:2000]
    content = ArticleContent.admin_manager.get(article__slug="written-in-the-admin")
    assert state(content) == DRAFT
    assert list(content.article.categories.all()) == [category]
    assert client.get(get_object_preview_url(content)).status_code == 200
    client.post(publish_url(content))
    client.logout()
    html = client.get(LIST, {"category": "events-and-engagement"}).content.decode()
    assert "Written in the admin" in html


def test_staff_see_a_scheduled_article_with_a_notice(client, hidden, publisher):
    client.force_login(publisher)
    response = client.get("/news/the-scheduled-one/")
    assert response.status_code == 200
    assert "Scheduled:" in response.content.decode()
    assert client.get("/news/the-draft/").status_code == 404  # drafts: the preview link, not the public address
