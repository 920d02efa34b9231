"""django-axes for the steps after the password: a wrong token counts like a wrong password.

Axes watches django.contrib.auth's authenticate() (the password step) through AxesStandaloneBackend. Token checks
do not go through authenticate(), so each failure is reported with the same signal authenticate() sends, under
the same username: failed passwords and failed tokens add up to one lockout per username and address
(AXES_LOCKOUT_PARAMETERS). A success (django's login()) resets the count (AXES_RESET_ON_SUCCESS).
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth.signals import user_login_failed


def credentials_for(user):
    return {"username": user.get_username()}


def is_locked_out(request, user):
    return not AxesProxyHandler.is_allowed(request, credentials_for(user))


def lockout_response(request, user):
    return get_lockout_response(request, None, credentials_for(user))


def record_failure(request, user):
    """Count a failed second factor; AxesMiddleware answers with the lockout page once the limit is reached."""
    user_login_failed.send(sender=__name__, credentials=credentials_for(user), request=request)
