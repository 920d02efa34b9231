"""Email alerts in the admin: counts for staff, addresses for Publishers only, and no way to email anyone.

- "Subscriber counts" (the Subscription model's list, `alerts.view_subscription`: Editors and Publishers) shows
  how many confirmed and pending subscribers each list has. Numbers only: planning news needs no addresses.
- "Subscribers" (`alerts.view_subscriber`: Publishers only) lists the addresses, to answer a person's request
  about their data (what we hold, delete it). `alerts.delete_subscriber` (Publishers) deletes one. Nobody adds or
  changes subscribers here: an address is only ever added by its owner, through the confirmation link.
- There is deliberately no action or page that sends an email: alerts go out only for published content
  (alerts/dispatch.py), so nobody can use the list to email arbitrary text to every subscriber.
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.urls import path

from .counts import list_counts, subscriber_totals
from .models import Subscriber, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConfirmedFilter(admin.SimpleListFilter):
    title = "confirmed"
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", "Confirmed"), ("no", "Waiting for confirmation")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.confirmed()
        if self.value() == "no":
            return queryset.pending()
        return queryset


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    fields = ["topic", "category", "frequency", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    list_display = ["email", "lists", "created_at", "confirmed_at"]
    list_filter = [ConfirmedFilter]
    search_fields = ["email"]
    fields = ["email", "created_at", "confirmed_at"]
    readonly_fields = fields
    inlines = [SubscriptionInline]
    list_per_page = 50

    def get_queryset(self, request):
        subscriptions = Subscription.objects.select_related("category")
        return super().get_queryset(request).prefetch_related(Prefetch("subscriptions", queryset=subscriptions))

    def get_search_results(self, request, queryset, search_term):
        # Addresses are stored lower-case: "Ann@Example.org" finds "ann@example.org".
        return super().get_search_results(request, queryset, search_term.strip().lower())

    @admin.display(description="Lists")
    def lists(self, subscriber):
        return "; ".join(str(subscription) for subscription in subscriber.subscriptions.all()) or "None"


@admin.register(Subscription)
class SubscriberCountsAdmin(ReadOnlyAdmin):
    """Only the counts page: no list or form of subscriptions, which would show whose they are."""

    def has_delete_permission(self, request, obj=None):
        # Never here (no URL for it); asked by the admin when a Subscriber is deleted, which takes its lists.
        return request.user.has_perm("alerts.delete_subscriber")

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [path("", self.admin_site.admin_view(self.changelist_view), name="{}_{}_changelist".format(*info))]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Email alert subscriber counts",
            "opts": self.model._meta,
            "rows": list_counts(),
            "totals": subscriber_totals(),
            "confirm_days": settings.ALERTS_CONFIRM_DAYS,
            "can_see_addresses": request.user.has_perm("alerts.view_subscriber"),
        }
        return TemplateResponse(request, "alerts/admin/counts.html", context)
