from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

User = get_user_model()


@admin.action(
    description="Reset two-factor sign-in (they set up a new authenticator at next sign-in)",
    permissions=["reset_two_factor"],
)
def reset_two_factor(modeladmin, request, queryset):
    """Delete the accounts' authenticators and recovery codes: for a lost phone. Superusers only.

    Their open sessions lose their verification with the device, so they must sign in and enrol again. Each
    reset is written to the admin's history of the user (who and when), like any other admin change.
    """
    count = 0
    for user in queryset:
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        modeladmin.log_change(request, user, f"Reset two-factor sign-in ({len(devices)} device(s) removed).")
        count += 1
    modeladmin.message_user(
        request,
        f"Two-factor sign-in reset for {count} account(s). They must set up an authenticator app at next sign-in.",
        messages.SUCCESS,
    )


class StaffUserAdmin(UserAdmin):
    """Django's user admin, with whether each account has a second factor and the superuser's reset action."""

    actions = [reset_two_factor]
    list_display = [*UserAdmin.list_display, "two_factor_enrolled"]

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(two_factor=Exists(enrolled))

    @admin.display(boolean=True, description="Two-factor set up", ordering="two_factor")
    def two_factor_enrolled(self, obj):
        return obj.two_factor

    def has_reset_two_factor_permission(self, request):
        return request.user.is_superuser


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
