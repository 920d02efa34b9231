"""Absolute links made outside a request (emails, jobs): the configured SITE_SCHEME and SITE_DOMAIN."""

from django.conf import settings


def absolute_url(path):
    """``/admin/x/`` -> ``https://www.example.org/admin/x/`` (http on a developer's machine)."""
    return f"{settings.SITE_SCHEME}://{settings.SITE_DOMAIN}{path}"
