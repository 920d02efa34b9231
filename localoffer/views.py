"""Operational and compliance routes that are not CMS pages."""

import logging
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


@require_safe
@never_cache
def readyz(request):
    """Can this worker serve pages? JSON with each dependency's state; 503 when any is down."""
    results = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
            results[name] = {"status": "ok"}
        except Exception as exc:  # any failure means "not ready", whatever the driver raised
            logger.warning("readiness check %s failed: %s", name, exc)
            results[name] = {"status": "error", "error": exc.__class__.__name__}
    healthy = all(r["status"] == "ok" for r in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503)


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
