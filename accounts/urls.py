from django.contrib.auth.views import LogoutView
from django.urls import include, path
from two_factor.views import QRGeneratorView

from . import views

# django-two-factor-auth's views (namespace "two_factor", which the library reverses), as subclasses that
# carry the site's look, django-axes on every step and recovery codes right after enrolment. The library's
# profile and "disable" views are left out: staff may not switch their second factor off.
two_factor_patterns = [
    path("account/login/", views.SignInView.as_view(), name="login"),
    path("account/two_factor/setup/", views.EnrolView.as_view(), name="setup"),
    path("account/two_factor/qrcode/", QRGeneratorView.as_view(), name="qr"),
    path("account/two_factor/backup/tokens/", views.RecoveryCodesView.as_view(), name="backup_tokens"),
]
accounts_patterns = [
    path("account/logout/", LogoutView.as_view(), name="sign_out"),  # then to LOGOUT_REDIRECT_URL
    path("account/confirm/", views.ReauthenticateView.as_view(), name="reauthenticate"),
]

urlpatterns = [
    path("", include((two_factor_patterns, "two_factor"))),
    path("", include((accounts_patterns, "accounts"))),
    path("cms_login/", views.CmsLoginRedirectView.as_view(), name="cms_login_redirect"),
]
