"""A shared full-page cache for anonymous visitors that never serves stale content.

Design (README "Caching"):
- Every cached page is stored with the *content generation* it was rendered under, a token kept in the same
  cache, and is only served while that token is still current. Any change that can appear on a public page
  (a CMS publish/unpublish, a page moved or deleted, a unit, an article, a "You said, we did" entry, a
  file...) replaces the token, so the next anonymous request misses and renders fresh. Nothing relies on a
  short timeout: the timeout only bounds memory, except where content is scheduled to appear at a known
  moment (PAGE_CACHE_EXPIRY_HOOKS), which caps it.
- The token is replaced at once *and* again after the transaction commits: the second bump removes any page
  rendered from pre-commit data by a request that read the first new token.
- Only anonymous GET/HEAD requests that carry no cookie but the CSRF and language cookies are served from or
  stored in the cache; a page is stored only when it is a 200 that sets no cookie, did not use a CSRF token and
  is not marked private/no-cache/no-store by its view. Staff (session cookie) never see or fill it.
- Browsers and CDNs must revalidate every time (`Cache-Control: public, no-cache`), answered cheaply with
  304 from the ETag / Last-Modified stored with the page.
- The middleware sits right after WhiteNoise, so a hit skips sessions, auth, CSRF, the CMS and the database;
  it costs one cache round trip (an MGET of the generation and the page).
  Responses are stored with the headers added by the middleware below it (CSP, Permissions-Policy, ...);
  SecurityMiddleware above it adds HSTS per request.
"""

import hashlib
import logging
import time
import uuid

from cms.cache import invalidate_cms_page_cache
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
HIT_HEADER = "X-Page-Cache"
# Cache-Control directives a view sets to say "not for a shared cache".
PRIVATE_DIRECTIVES = {"private", "no-cache", "no-store"}
# Headers that make no sense replayed from the cache, or are per-request.
NOT_STORED_HEADERS = {"set-cookie", "date", HIT_HEADER.lower()}


# --- The content generation --------------------------------------------------------------------------------


def current_generation():
    """The token every page key includes; None when the cache is unreachable (then nothing is cached)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation():
    """Make every cached page unreachable: a fresh random token, never a counter that could repeat after an
    eviction. The CMS's own page cache (under this one) only follows CMS publishing: drop it too."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    invalidate_cms_page_cache()


def remember(name, compute):
    """A value derived from public content (a count, a list of choices), computed once per content generation:
    kept until the content changes, like the pages that show it. Computed afresh when the cache is down."""
    generation = current_generation()
    if generation is None:
        return compute()
    key = f"pagecache:derived:{name}:{generation}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
    return value


def content_changed(*args, **kwargs):
    """Signal receiver: bump now (for this request and the tests) and again once the transaction commits."""
    if kwargs.get("created") and hidden_when_new(kwargs["instance"]):
        return
    bump_generation()
    transaction.on_commit(bump_generation)


def hidden_when_new(instance):
    """A new row the public cannot see yet (a comment posted through the form): no reason to drop the cache,
    and visitors must not be able to empty it by posting. Later edits by staff bump as usual."""
    rule = settings.PAGE_CACHE_HIDDEN_WHEN_CREATED.get(instance._meta.label)
    if rule is None:
        return False
    field, public_value = rule
    return getattr(instance, field) != public_value


def connect_invalidation():
    """Bump the generation on every change that can appear on a public page (called from AppConfig.ready)."""
    for label in settings.CACHE_INVALIDATING_MODELS:
        model = apps.get_model(label)
        uid = f"pagecache:{label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}:delete", weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}")

    from cms.signals import post_obj_operation
    from djangocms_versioning.signals import post_version_operation

    # Publish, unpublish, archive and revert of any versioned content (CMS pages, news articles).
    post_version_operation.connect(content_changed, dispatch_uid="pagecache:versioning", weak=False)
    # Page tree operations in the CMS admin (move, delete): treebeard moves nodes with bulk updates, which
    # send no post_save.
    post_obj_operation.connect(content_changed, dispatch_uid="pagecache:cms-operation", weak=False)


# --- Which requests and responses ------------------------------------------------------------------------


def ignored_cookies():
    return {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def request_is_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if any(request.path_info.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS):
        return False
    # The toolbar's edit/structure/preview switches and the like.
    if any(name in request.GET for name in settings.PAGE_CACHE_BYPASS_PARAMETERS):
        return False
    # A session (staff), a flash message or any other cookie may change the page: render it.
    return set(request.COOKIES) <= ignored_cookies()


def response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # the page holds a CSRF token: per visitor
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return False
    directives = {d.split("=")[0].strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    if directives & PRIVATE_DIRECTIVES:
        return False
    return not any(value.strip() == "*" for value in response.get("Vary", "").split(","))


def cache_key(request):
    """Scheme and host are part of it (pages hold absolute links: canonical, feeds). Hashed: a query string can
    be long and hold any character, and cache keys must stay short and plain."""
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pagecache:page:{hashlib.sha256(url.encode()).hexdigest()}"


def store_timeout(generation=None):
    """Seconds a page may stay: PAGE_CACHE_SECONDS, capped by the next moment scheduled content goes live.

    That moment only changes with content (a new generation) or when it has passed, so it is looked up once
    per generation, not on every miss.
    """
    key = f"pagecache:next-change:{generation}"
    now = time.time()
    moment = cache.get(key) if generation else None
    if moment is None or (moment and moment <= now):
        moments = [import_string(hook)() for hook in settings.PAGE_CACHE_EXPIRY_HOOKS]
        moment = min((m.timestamp() for m in moments if m is not None), default=0)  # 0: nothing scheduled
        if generation:
            cache.set(key, moment, timeout=settings.PAGE_CACHE_SECONDS)
    timeout = settings.PAGE_CACHE_SECONDS
    if moment:
        timeout = min(timeout, max(1, int(moment - now) + 1))
    return timeout


# --- The middleware ----------------------------------------------------------------------------------------


def mark_public(response):
    """Anyone may store it, but must revalidate before every use (304 when unchanged)."""
    response["Cache-Control"] = "public, no-cache"
    if not response.has_header("ETag"):
        set_response_etag(response)
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()


def to_entry(generation, response):
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED_HEADERS]
    return (generation, response.status_code, headers, response.content)


def from_entry(entry):
    _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def conditional(request, response, state):
    """The response, or a 304 when the client's copy (If-None-Match / If-Modified-Since) is current."""
    last_modified = response.get("Last-Modified")
    response = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    response[HIT_HEADER] = state
    return response


class PageCacheMiddleware:
    """Serve anonymous pages from the shared cache; store the cacheable ones. See the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not request_is_cacheable(request):
            return self.get_response(request)
        key = cache_key(request)
        # One round trip for the generation and the page: a hit costs a single MGET.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        if generation is None:  # cache down: serve uncached (errors are logged by the cache backend, once)
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            return conditional(request, from_entry(entry), "hit")
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            mark_public(response)
            cache.set(key, to_entry(generation, response), timeout=store_timeout(generation))
            return conditional(request, response, "miss")
        return response
