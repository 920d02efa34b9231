"""Per-client rate limit for the form (django-ratelimit on the default cache)."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django_ratelimit.core import is_ratelimited

GROUP = "feedback.submit"


def client_ip(request):
    """The client address as django-axes sees it (localoffer.clientip: TRUSTED_PROXY_COUNT applies to both)."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104


def rate(group, request):
    return settings.FEEDBACK_RATE_LIMIT


def over_limit(request, count):
    """True when this client has used its allowance. `count` adds this request to the tally."""
    return is_ratelimited(request, group=GROUP, key="ip", rate=rate, method="POST", increment=count)
