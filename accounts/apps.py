from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    """Staff sign-in with two factors (django-two-factor-auth on django-otp), re-authentication, factor reset."""

    default = True
    name = "accounts"
    verbose_name = "Staff sign-in"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 - registers the system checks
        from .reauth import remember_sign_in

        user_logged_in.connect(remember_sign_in, dispatch_uid="accounts.remember_sign_in")


class TwoFactorAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with a default site that also asks for a verified second factor."""

    default = False
    default_site = "accounts.admin_site.TwoFactorAdminSite"
