from django.contrib.admin import AdminSite
from two_factor.admin import AdminSiteOTPRequiredMixin


class TwoFactorAdminSite(AdminSiteOTPRequiredMixin, AdminSite):
    """The admin only for staff whose session passed the second factor; its login page is the two-factor one.

    accounts.middleware.TwoFactorRequiredMiddleware already sends unverified users to enrol or verify before
    they reach /admin/; this is the same rule kept by the admin itself, for any admin view a path check misses.
    """
