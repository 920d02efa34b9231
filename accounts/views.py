from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import RedirectURLMixin
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, RedirectView
from django_otp.decorators import otp_required
from django_otp.plugins.otp_static.models import StaticToken
from two_factor.utils import default_device
from two_factor.views import BackupTokensView, LoginView, SetupView

from . import lockout, reauth
from .forms import ReauthenticateForm, error_list, present_recovery_code_field, present_totp_field
from .middleware import dev_bypass_enabled

RECOVERY_CODE_COUNT = 10


def safe_next(request, default):
    """The `next` address of the request if it is on this site, else `default` (never another host)."""
    view = RedirectURLMixin()
    view.request = request
    view.redirect_field_name = REDIRECT_FIELD_NAME
    return view.get_redirect_url() or resolve_url(default)


class SignInView(LoginView):
    """Password, then the code from the authenticator app (or a recovery code).

    django-two-factor-auth's login wizard, with django-axes counting failed codes as well as failed passwords.
    """

    template_name = "accounts/sign_in.html"

    def post(self, *args, **kwargs):
        user = self.get_user()
        if self.steps.current != self.AUTH_STEP and user and lockout.is_locked_out(self.request, user):
            self.storage.reset()
            return lockout.lockout_response(self.request, user)
        return super().post(*args, **kwargs)

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step=step, **kwargs)
        step = step or self.steps.current
        if step == self.TOKEN_STEP:
            present_totp_field(form.fields["otp_token"])
        elif step == self.BACKUP_STEP:
            present_recovery_code_field(form.fields["otp_token"])
        return form

    def render(self, form=None, **kwargs):
        if self.steps.current != self.AUTH_STEP and form is not None and form.is_bound and form.errors:
            lockout.record_failure(self.request, self.get_user())
        return super().render(form, **kwargs)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        context["error_list"] = error_list(form)
        return context

    def done(self, form_list, **kwargs):
        response = super().done(form_list, **kwargs)
        if default_device(self.get_user()) is not None:
            return response
        if dev_bypass_enabled():
            return redirect(self.get_success_url())
        # Signed in with a password, but every account must have a second factor before it can do anything.
        return redirect(f"{reverse('two_factor:setup')}?{urlencode({'next': self.get_success_url()})}")


class EnrolView(SetupView):
    """Set up the authenticator app: QR code and the key as text, then a code from the app to prove it works.

    On success the account also gets its recovery codes, shown next.
    """

    template_name = "accounts/enrol.html"

    def post(self, *args, **kwargs):
        # The library checks this on GET only: without it, a session signed in by password alone could POST the
        # wizard to add an authenticator of its own to an account that has one, and so pass the second factor.
        if default_device(self.request.user):
            return redirect(self.get_success_url())
        return super().post(*args, **kwargs)

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step=step, **kwargs)
        if "token" in form.fields:
            present_totp_field(form.fields["token"])
        return form

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        context["error_list"] = error_list(form)
        if "secret_key" in context:
            key = context["secret_key"]
            context["secret_key_groups"] = [key[i : i + 4] for i in range(0, len(key), 4)]
        return context

    def get_success_url(self):
        return self.get_redirect_url() or resolve_url(settings.LOGIN_REDIRECT_URL)

    def done(self, form_list, **kwargs):
        super().done(form_list, **kwargs)
        replace_recovery_codes(self.request.user)
        reauth.mark_recent(self.request)
        url = reverse("two_factor:backup_tokens")
        return redirect(f"{url}?{urlencode({'next': self.get_success_url()})}")


def replace_recovery_codes(user):
    device, _ = user.staticdevice_set.get_or_create(defaults={"name": "backup"})
    device.token_set.all().delete()
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=StaticToken.random_token()) for _ in range(RECOVERY_CODE_COUNT)
    )


class RecoveryCodesView(BackupTokensView):
    """The recovery codes left, and a button to replace them all."""

    template_name = "accounts/recovery_codes.html"
    number_of_tokens = RECOVERY_CODE_COUNT

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = list(context["device"].token_set.values_list("token", flat=True))
        context["continue_url"] = safe_next(self.request, settings.LOGIN_REDIRECT_URL)
        return context

    def form_valid(self, form):
        replace_recovery_codes(self.request.user)
        url = reverse("two_factor:backup_tokens")
        return redirect(f"{url}?{urlencode({'next': safe_next(self.request, settings.LOGIN_REDIRECT_URL)})}")


@method_decorator([sensitive_post_parameters(), never_cache, login_required, otp_required], name="dispatch")
class ReauthenticateView(FormView):
    """Confirm it is you: password and a new authenticator code, before users and groups are changed."""

    template_name = "accounts/reauthenticate.html"
    form_class = ReauthenticateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def post(self, request, *args, **kwargs):
        if lockout.is_locked_out(request, request.user):
            return lockout.lockout_response(request, request.user)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        django_otp.login(self.request, form.device)
        reauth.mark_recent(self.request)
        return redirect(safe_next(self.request, settings.LOGIN_REDIRECT_URL))

    def form_invalid(self, form):
        if form.has_error("otp_token"):
            # A wrong password is counted by authenticate() already; a wrong code is counted here.
            lockout.record_failure(self.request, self.request.user)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["error_list"] = error_list(context["form"])
        context["next"] = safe_next(self.request, settings.LOGIN_REDIRECT_URL)
        return context


class CmsLoginRedirectView(RedirectView):
    """The CMS toolbar's own password-only login form leads to the two-factor sign-in instead."""

    query_string = True

    def get_redirect_url(self, *args, **kwargs):
        return resolve_url(settings.LOGIN_URL)
