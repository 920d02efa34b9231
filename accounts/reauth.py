"""Recent sign-in: changes to users and groups need the password and second factor again after a while."""

import time

from django.conf import settings

SESSION_KEY = "accounts_signed_in_at"
STARTED_KEY = "accounts_session_started_at"


def remember_sign_in(sender, request, user, **kwargs):
    """user_logged_in receiver: when the session started (for its 8-hour limit), and a recent sign-in."""
    if request is not None and hasattr(request, "session"):
        request.session[STARTED_KEY] = int(time.time())
    mark_recent(request)


def is_expired(request):
    """A session lives SESSION_COOKIE_AGE from sign-in at most, however busy: Django alone would renew the
    cookie's expiry each time the session is saved."""
    started_at = request.session.get(STARTED_KEY, 0)
    return time.time() - started_at > settings.SESSION_COOKIE_AGE


def mark_recent(request):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = int(time.time())


def is_recent(request):
    signed_in_at = request.session.get(SESSION_KEY, 0)
    return time.time() - signed_in_at <= settings.REAUTHENTICATE_AFTER_SECONDS
