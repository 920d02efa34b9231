"""Operational and compliance routes that are not CMS pages."""

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """The process is up and answering. Touches no database or cache, so a load balancer can tell a dead
    worker from a sick dependency."""
    return HttpResponse("ok\n", content_type="text/plain")


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    # A round trip rather than a ping: the Redis backend is set to swallow errors, so only a value that
    # comes back proves the cache works.
    key, value = f"readyz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return the value just stored")
    cache.delete(key)


READINESS_CHECKS = {"database": _check_database, "cache": _check_cache}
# Without these the site cannot serve a page: 503, so the load balancer stops sending traffic here. The cache
# is not one of them: without Redis every page is still served (uncached), and since all containers share one
# Redis, failing readiness on it would take the whole site down instead of making it slower.
CRITICAL_DEPENDENCIES = {"database"}


def _queue_state():
    """Background jobs (jobs app). Never critical: web containers serve pages whatever the worker does, and all of
    them share the one queue, so failing readiness on it would take the whole site down, not fix the queue."""
    from jobs.health import queue_state

    start = time.perf_counter()
    try:
        state = queue_state()
    except Exception as exc:  # the database is down: its own check says so
        state = {"status": "error", "error": exc.__class__.__name__}
    state["ms"] = round((time.perf_counter() - start) * 1000, 1)
    return state


@require_safe
@never_cache
def readyz(request):
    """Can this worker serve pages? JSON with each dependency's state and timing.

    200 "ok" when all are up, 200 "degraded" when only a non-critical one (the cache, the job queue) is down or
    behind, 503 "error" when a critical one (the database) is down. "queue" also gives pending, running and
    failed job counts, the oldest pending job's age and the live workers.
    """
    results = {}
    for name, check in READINESS_CHECKS.items():
        start = time.perf_counter()
        try:
            check()
            results[name] = {"status": "ok"}
        except Exception as exc:  # any failure means "not ready", whatever the driver raised
            logger.warning("readiness check %s failed: %s", name, exc)
            results[name] = {"status": "error", "error": exc.__class__.__name__}
        results[name]["ms"] = round((time.perf_counter() - start) * 1000, 1)
    results["queue"] = _queue_state()
    failed = {name for name, result in results.items() if result["status"] != "ok"}
    if failed & CRITICAL_DEPENDENCIES:
        status, code = "error", 503
    else:
        status, code = ("degraded" if failed else "ok"), 200
    return JsonResponse({"status": status, "checks": results}, status=code)


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
@cache_control(max_age=3600, public=True)
def security_txt(request):
    """RFC 9116. Expires is computed so the file never goes stale."""
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat()}",
        "Preferred-Languages: en",
        f"Canonical: {request.build_absolute_uri(reverse('security-txt'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
