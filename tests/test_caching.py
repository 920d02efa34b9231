"""The anonymous full-page cache (localoffer/pagecache.py): hits, bypasses, headers, and nothing stale after a
change. Every test runs against local memory and against a real Redis (a database index kept for these tests)."""

import datetime
import io
import os

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone
from djangocms_versioning.models import Version

from feedback.models import Status, Submission, Theme
from localoffer import pagecache
from news.models import ArticleContent
from units.models import SendUnit

from .test_news import make_article
from .test_publishing import ABOUT_TEXT, DRAFT_TEXT, about_version, make_draft
from .test_publishing import publish_url as page_publish_url

# Concurrent runs on one machine (CI runs SQLite and PostgreSQL side by side) each pass their own db.
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('TEST_REDIS_CACHING_DB', '13')}"
REDIS_CACHE = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": REDIS_URL,
    "KEY_PREFIX": "localoffer-test-caching",
    "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
}
LOCMEM_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-caching"}
UNIT_PAGE = "/send-units/barden-primary-school/"
ARTICLE_PAGE = "/news/send-plan-2021-2025-approved/"


@pytest.fixture(params=["locmem", "redis"], autouse=True)
def backend(request, settings):
    """The test once with each cache backend; Redis must be up (a failure fails, it does not skip)."""
    settings.CACHES = {"default": REDIS_CACHE if request.param == "redis" else LOCMEM_CACHE}
    cache = caches["default"]
    if request.param == "redis":
        cache.client.get_client().ping()
    cache.clear()
    yield request.param
    cache.clear()


def get(client, path, **headers):
    return client.get(path, headers=headers)


def cache_state(response):
    return response.get(pagecache.HIT_HEADER)


# Hits, and what is never cached -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/about/", "/send-units/", UNIT_PAGE, "/news/", ARTICLE_PAGE])
def test_second_anonymous_request_is_served_from_the_cache_without_sql(client, seeded, path, django_assert_num_queries):
    first = get(client, path)
    assert first.status_code == 200
    assert cache_state(first) == "miss"

    with django_assert_num_queries(0):
        second = get(client, path)

    assert cache_state(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Set-Cookie" not in second


def test_query_strings_are_cached_separately(client, seeded):
    get(client, "/send-units/")
    filtered = get(client, "/send-units/?town=Burnley")
    assert cache_state(filtered) == "miss"
    assert cache_state(get(client, "/send-units/?town=Burnley")) == "hit"


def test_anonymous_pages_must_be_revalidated_and_revalidation_is_a_304(client, seeded):
    first = get(client, "/about/")
    assert first["Cache-Control"] == "public, no-cache"
    assert first["ETag"]
    assert first["Last-Modified"]
    assert "Cookie" in first["Vary"]  # staff get another page at the same address

    again = get(client, "/about/", if_none_match=first["ETag"])
    assert again.status_code == 304
    assert cache_state(again) == "hit"
    assert get(client, "/about/", if_modified_since=first["Last-Modified"]).status_code == 304


def test_staff_never_get_cached_pages_and_never_fill_the_cache(
    client, seeded, publisher, django_assert_max_num_queries
):
    anonymous = get(client, "/about/")
    client.force_login(publisher)

    staff = get(client, "/about/")

    assert cache_state(staff) is None
    assert staff.content != anonymous.content  # the toolbar
    assert "private" in staff["Cache-Control"] or "no-cache" in staff.get("Cache-Control", "no-cache")
    get(client, "/contact/")  # rendered for staff: must not be stored
    client.logout()
    client.cookies.clear()
    assert cache_state(get(client, "/contact/")) == "miss"


@pytest.mark.parametrize("path", ["/about/?edit", "/about/?preview", "/about/?structure", "/admin/login/"])
def test_toolbar_and_admin_addresses_are_never_cached(client, seeded, path):
    get(client, path)
    assert cache_state(get(client, path)) is None


def test_form_page_is_never_cached_even_with_a_csrf_cookie(client, seeded):
    first = get(client, "/have-your-say/")
    assert "csrftoken" in first.cookies
    again = get(client, "/have-your-say/")  # now the client sends the CSRF cookie

    assert cache_state(first) is None
    assert cache_state(again) is None
    assert "no-store" in again["Cache-Control"]
    assert "private" in again["Cache-Control"]


def test_any_other_cookie_bypasses_the_cache(client, seeded):
    get(client, "/about/")
    client.cookies["messages"] = "a flash message for this visitor"
    assert cache_state(get(client, "/about/")) is None


def test_posts_and_errors_are_not_cached(client, seeded):
    get(client, "/no-such-page/")
    assert cache_state(get(client, "/no-such-page/")) is None
    assert client.post("/about/").status_code != 200 or cache_state(client.post("/about/")) is None


def test_probes_are_never_cached(client, seeded):
    get(client, "/readyz")
    assert cache_state(get(client, "/readyz")) is None


# Nothing stale after a change ---------------------------------------------------------------------------------


def warm(client, path):
    get(client, path)
    assert cache_state(get(client, path)) == "hit"


def test_publishing_a_cms_page_shows_the_new_text_at_once(client, seeded, editor, publisher):
    warm(client, "/about/")
    draft = make_draft(editor)
    client.force_login(publisher)

    client.post(page_publish_url(draft))

    client.logout()
    client.cookies.clear()
    body = get(client, "/about/").content.decode()
    assert DRAFT_TEXT in body
    assert ABOUT_TEXT not in body


def test_unpublishing_a_cms_page_removes_it_and_its_menu_entry_at_once(client, seeded, publisher):
    warm(client, "/about/")
    warm(client, "/contact/")
    assert 'href="/about/"' in get(client, "/contact/").content.decode()

    about_version().unpublish(publisher)

    assert get(client, "/about/").status_code == 404
    assert 'href="/about/"' not in get(client, "/contact/").content.decode()


def test_editing_a_unit_shows_at_once_on_its_page_and_the_directory(client, seeded):
    warm(client, UNIT_PAGE)
    warm(client, "/send-units/?town=Burnley")
    unit = SendUnit.objects.get(slug="barden-primary-school")

    unit.description = "A freshly edited description of the unit"
    unit.save()

    assert "A freshly edited description" in get(client, UNIT_PAGE).content.decode()
    assert cache_state(get(client, "/send-units/?town=Burnley")) == "miss"


def test_deleting_a_unit_removes_it_at_once(client, seeded):
    warm(client, UNIT_PAGE)
    SendUnit.objects.get(slug="barden-primary-school").delete()
    assert get(client, UNIT_PAGE).status_code == 404


def test_publishing_and_unpublishing_an_article_shows_at_once_everywhere(client, seeded, publisher):
    for path in ("/", "/news/", "/news/feed/"):
        warm(client, path)

    content = make_article(publisher, "Fresh news from the partnership", slug="fresh-news")

    for path in ("/", "/news/", "/news/feed/"):
        assert "Fresh news from the partnership" in get(client, path).content.decode(), path
    warm(client, "/news/fresh-news/")

    Version.objects.get_for_content(content).unpublish(publisher)

    assert get(client, "/news/fresh-news/").status_code == 404
    for path in ("/", "/news/", "/news/feed/"):
        assert "Fresh news from the partnership" not in get(client, path).content.decode(), path


def test_editing_a_published_article_field_shows_at_once(client, seeded):
    warm(client, ARTICLE_PAGE)
    content = ArticleContent.objects.get(article__slug="send-plan-2021-2025-approved")
    content.summary = "A corrected summary of the approved plan"
    content.save()
    assert "A corrected summary of the approved plan" in get(client, ARTICLE_PAGE).content.decode()


def test_a_scheduled_article_caps_how_long_pages_are_kept(client, seeded, publisher, settings):
    goes_live = timezone.now() + datetime.timedelta(minutes=10)
    make_article(publisher, "Scheduled news", date=goes_live)
    generation = pagecache.current_generation()
    assert 595 <= pagecache.store_timeout(generation) <= 601
    assert 595 <= pagecache.store_timeout(generation) <= 601  # remembered for the generation

    Version.objects.get_for_content(ArticleContent.admin_manager.get(title="Scheduled news")).unpublish(publisher)

    assert pagecache.store_timeout(pagecache.current_generation()) == settings.PAGE_CACHE_SECONDS


def test_publishing_a_you_said_we_did_entry_shows_at_once(client, seeded):
    warm(client, "/you-said-we-did/")
    entry = Submission.objects.create(
        about="local-offer",
        role="parent",
        comment="The private comment",
        publish_consent=True,
        theme=Theme.objects.first(),
        you_said="Parents asked for clearer unit pages",
        we_did="We rewrote every unit page",
        response_date=datetime.date(2026, 5, 1),
    )
    assert "We rewrote every unit page" not in get(client, "/you-said-we-did/").content.decode()

    entry.status = Status.PUBLISHED
    entry.save()

    body = get(client, "/you-said-we-did/").content.decode()
    assert "We rewrote every unit page" in body
    assert "The private comment" not in body


def test_the_generation_is_bumped_again_when_the_transaction_commits(
    client, seeded, django_capture_on_commit_callbacks
):
    before = pagecache.current_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pagecache.content_changed()
    immediately = pagecache.current_generation()
    for callback in callbacks:
        callback()
    assert len({before, immediately, pagecache.current_generation()}) == 3


def test_every_listed_model_is_watched(settings):
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in settings.CACHE_INVALIDATING_MODELS:
        model = apps.get_model(label)
        assert post_save.has_listeners(model), label
        assert post_delete.has_listeners(model), label


# The cache being down ------------------------------------------------------------------------------------------


@override_settings(
    CACHES={"default": {**REDIS_CACHE, "LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": REDIS_CACHE["OPTIONS"]}}
)
@pytest.mark.parametrize("path", ["/", "/about/", "/send-units/", UNIT_PAGE, "/news/", ARTICLE_PAGE, "/have-your-say/"])
def test_every_page_is_served_with_redis_down(client, seeded, path):
    response = get(client, path)
    assert response.status_code == 200
    assert cache_state(response) is None


def test_a_comment_posted_by_the_public_does_not_empty_the_cache(client, seeded):
    before = pagecache.current_generation()
    Submission.objects.create(about="local-offer", role="parent", comment="A new comment", publish_consent=True)
    assert pagecache.current_generation() == before


def test_the_release_step_drops_the_cached_pages(client, seeded):
    from django.core.management import call_command

    warm(client, "/about/")
    call_command("clear_page_cache", stdout=io.StringIO())
    assert cache_state(get(client, "/about/")) == "miss"


def test_long_and_odd_query_strings_are_cached_under_short_keys(client, seeded):
    path = "/send-units/?q=" + "%20x%C3%A9%0A" * 100
    assert get(client, path).status_code == 200
    assert cache_state(get(client, path)) == "hit"
    assert len(pagecache.cache_key(get(client, path).wsgi_request)) < 100
