"""Per-client rate limit for the subscribe form (django-ratelimit on the default cache, as feedback/ratelimit.py).

The client address is the one django-axes and the feedback form use (localoffer/clientip.py, through
RATELIMIT_IP_META_KEY), so TRUSTED_PROXY_COUNT applies here too.
"""

from django.conf import settings
from django_ratelimit.core import is_ratelimited

GROUP = "alerts.subscribe"


def rate(group, request):
    return settings.ALERTS_RATE_LIMIT


def over_limit(request, count):
    """True when this client has used its allowance. `count` adds this request to the tally."""
    return is_ratelimited(request, group=GROUP, key="ip", rate=rate, method="POST", increment=count)
