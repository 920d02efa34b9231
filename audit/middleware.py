"""Record the signed-in user as the actor of every change made during their request."""

from auditlog.context import disable_auditlog, set_actor

from localoffer.clientip import client_ip


class AuditActorMiddleware:
    """Staff requests (admin, CMS toolbar, import): changes are logged against request.user, with the client's
    address as the lockouts see it (localoffer.clientip, which trusts only our own proxies; auditlog's own
    middleware takes the first X-Forwarded-For entry, which the client controls).

    Anonymous requests write nothing to the log: the only thing a visitor can change is adding a comment, whose
    row records its own arrival, and the log stays off the public request path. Nothing here queries the
    database (request.user is already loaded by the middleware above; cached pages never get this far).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            with disable_auditlog():
                return self.get_response(request)
        with set_actor(user, remote_addr=client_ip(request)):
            return self.get_response(request)
