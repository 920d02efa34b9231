from django.conf import settings
from django.http import HttpResponseNotFound


class StaffContentSecurityPolicyMiddleware:
    """Relax the Content-Security-Policy for logged-in staff only.

    The CMS toolbar and the text editor need inline scripts and styles; the public never loads them, so
    anonymous visitors keep the strict policy. Must sit after AuthenticationMiddleware and after
    CSPMiddleware (so its response hook runs first).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # Only once the second factor is passed: the sign-in and enrolment pages keep the strict policy.
        if user is not None and user.is_authenticated and user.is_staff and getattr(user, "is_verified", bool)():
            response._csp_update = settings.STAFF_CSP_UPDATE
        return response


class SingleLanguageCookieMiddleware:
    """Drop the CMS language cookie while the site has a single language.

    cms.middleware.language.LanguageCookieMiddleware (required by `manage.py cms check`) sets a cookie on
    every response; a cookie makes an anonymous page uncacheable by any shared cache. With one language it
    carries no information. Must sit directly before LanguageCookieMiddleware so it sees its response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if len(settings.LANGUAGES) == 1:
            response.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        return response


class ProbeMiddleware:
    """Answer /healthz and /readyz before any other middleware runs.

    Later middleware touches the database (the CMS apphook reload check) and checks the Host header, so a
    probe would get a 500 or a 400 instead of the honest answer when the database is down or when the load
    balancer calls the container by IP. Must be first in MIDDLEWARE.
    """

    def __init__(self, get_response):
        from . import views

        self.get_response = get_response
        self.probes = {"/healthz": views.healthz, "/readyz": views.readyz}

    def __call__(self, request):
        probe = self.probes.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)


class EmptyVaryHeaderMiddleware:
    """Remove an empty `Vary` header before other middleware adds to it.

    django CMS's page cache calls patch_vary_headers() with an empty list, which sets `Vary: ` to an empty
    string; LocaleMiddleware then makes it `Vary: , Accept-Language`, a malformed header. Must sit directly
    after LocaleMiddleware (so its response hook runs before LocaleMiddleware's).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Vary") and not response["Vary"].strip():
            del response["Vary"]
        return response


class NulPathMiddleware:
    """Answer 404 to a path with a NUL byte before anything looks it up.

    The CMS resolves every path against its page URLs (CurrentPageMiddleware, the 404 page's menus), and
    PostgreSQL refuses NUL in a text parameter: without this, ``/news/%00/`` would be a 500. No real address
    contains one, so a minimal plain-text 404 is enough (the normal 404 page would look the path up again).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return HttpResponseNotFound("Not found", content_type="text/plain; charset=utf-8")
        return self.get_response(request)
