from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect, resolve_url
from django.urls import Resolver404, resolve, reverse
from two_factor.utils import default_device

from . import reauth

# Where a signed-in user who has not passed the second factor may still go: the sign-in and enrolment steps
# (django-two-factor-auth's views, namespace two_factor) and signing out.
SIGN_IN_NAMESPACES = {"two_factor"}
SIGN_IN_VIEW_NAMES = {"accounts:sign_out"}
# Query parameters that ask the CMS for its toolbar or edit modes on a public page.
STAFF_QUERY_PARAMETERS = ("edit", "structure", "preview", "toolbar_on")

# Admin views that change users or groups: they need a recent sign-in (password and second factor again).
REAUTHENTICATE_VIEW_NAMES = {
    f"admin:auth_{model}_{action}" for model in ("user", "group") for action in ("add", "change", "delete")
} | {"admin:auth_user_password_change"}
# Their lists change users and groups by POST only (bulk actions, such as delete or the factor reset).
REAUTHENTICATE_POST_VIEW_NAMES = {"admin:auth_user_changelist", "admin:auth_group_changelist"}


def dev_bypass_enabled():
    """The dev-only switch (localoffer/settings/dev.py): never in effect without DEBUG."""
    return settings.DEBUG and getattr(settings, "TWO_FACTOR_DEV_BYPASS", False)


def with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}"


def next_step_url(user, next_url):
    """Enrol when the account has no second factor yet, otherwise sign in again with both factors."""
    if default_device(user) is None:
        return with_next(reverse("two_factor:setup"), next_url)
    return with_next(resolve_url(settings.LOGIN_URL), next_url)


def hide_cms_toolbar(request):
    """No CMS toolbar on the sign-in pages: not for a staff user who is not verified yet, and the pages keep the
    public Content-Security-Policy, under which the toolbar's inline code would not run anyway."""
    toolbar = getattr(request, "toolbar", None)
    if toolbar is not None:
        toolbar.show_toolbar = False


class TwoFactorRequiredMiddleware:
    """A password alone gives nothing: a signed-in user whose session has not passed the second factor
    is sent to enrol or verify from the admin and the CMS edit modes, and is an anonymous visitor elsewhere
    (no toolbar, no drafts).

    Must sit after django_otp.middleware.OTPMiddleware (which tells whether the session is verified) and before
    the CMS middleware and StaffContentSecurityPolicyMiddleware (which must see the visitor it leaves).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and reauth.is_expired(request):
            logout(request)
            user = request.user
        if user.is_authenticated:
            if dev_bypass_enabled():
                user.is_verified = lambda: True
            elif not user.is_verified():
                response = self.refuse_unverified(request)
                if response is not None:
                    return response
        return self.get_response(request)

    def refuse_unverified(self, request):
        if self.is_sign_in_path(request):
            return None
        if self.is_staff_path(request):
            return redirect(next_step_url(request.user, request.get_full_path()))
        request.user = AnonymousUser()
        return None

    @staticmethod
    def is_sign_in_path(request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.namespace in SIGN_IN_NAMESPACES or match.view_name in SIGN_IN_VIEW_NAMES

    @staticmethod
    def is_staff_path(request):
        if request.path_info.startswith(reverse("admin:index")):
            return True
        return any(name in request.GET for name in STAFF_QUERY_PARAMETERS)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.namespace in SIGN_IN_NAMESPACES | {"accounts"}:
            hide_cms_toolbar(request)
        return self.refuse_without_recent_sign_in(request)

    @staticmethod
    def refuse_without_recent_sign_in(request):
        """Changes to users and groups need a recent sign-in (REAUTHENTICATE_AFTER_SECONDS)."""
        if not request.user.is_authenticated or reauth.is_recent(request):
            return None
        view_name = request.resolver_match.view_name
        if view_name in REAUTHENTICATE_VIEW_NAMES or (
            request.method == "POST" and view_name in REAUTHENTICATE_POST_VIEW_NAMES
        ):
            return redirect(with_next(reverse("accounts:reauthenticate"), request.get_full_path()))
        return None
