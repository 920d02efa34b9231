"""The review dashboard, at /admin/freshness/pagereview/ ("Content due for review" on the admin index).

Publishers (and superusers) have `freshness.mark_checked` and get the one action, "Checked, still right".
Editors may look (`freshness.view_pagereview`): they write the drafts that bring stale pages up to date, so
they need to know what is due, but a check changes the public "Last reviewed" date, which is a publisher's
call. Nothing here is a change form: review dates move only by publishing or by the action.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_POST

from units.models import SendUnit

from . import dashboard
from .dates import DUE_SOON_DAYS, next_review
from .models import PageReview
from .signals import record_review

MARK_CHECKED = "freshness.mark_checked"
# Larger numbers are no id of ours, and overflow the database's integers.
MAX_ID_DIGITS = 18


def long_date(day):
    return format_date(day, "j F Y")


def check_page(pk, today):
    """Record a check of a published page; its title, or None when there is no such published page."""
    if not dashboard.published_pages().filter(pk=pk).exists():
        return None
    record_review(pk, today)
    return dashboard.page_titles([pk]).get(pk, f"Page {pk}")


def check_unit(pk, today):
    unit = SendUnit.objects.public().filter(pk=pk).first()
    if unit is None:
        return None
    unit.last_checked = today
    unit.review_by = next_review(today)
    unit.save(update_fields=["last_checked", "review_by", "updated_at"])
    return unit.name


CHECKS = {dashboard.PAGE: check_page, dashboard.UNIT: check_unit}


@admin.register(PageReview)
class ReviewDashboardAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A review goes only with its page: whoever may delete the page (and so its review, in the admin's
        # cascade check) may delete it, and nobody deletes one by itself (delete_view below).
        return request.user.has_perm("cms.delete_page")

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied

    def get_urls(self):
        urls = [path("check/", self.admin_site.admin_view(self.check_view), name="freshness_check")]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        overdue, due_soon = dashboard.due_for_review(timezone.localdate())
        context = {
            **self.admin_site.each_context(request),
            "title": "Content due for review",
            "opts": self.model._meta,
            "overdue": overdue,
            "due_soon": due_soon,
            "due_soon_heading": f"Due in the next {DUE_SOON_DAYS} days",
            "due_soon_empty": f"Nothing falls due in the next {DUE_SOON_DAYS} days.",
            "can_mark_checked": request.user.has_perm(MARK_CHECKED),
            # Editors cannot open unit records: no link that would only say "403".
            "can_edit_units": request.user.has_perm("units.change_sendunit"),
            "limit": dashboard.LIMIT,
        }
        return TemplateResponse(request, "freshness/dashboard.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:freshness_pagereview_changelist")

    @transaction.atomic
    def check_view(self, request):
        return require_POST(self.record_check)(request)

    def record_check(self, request):
        if not request.user.has_perm(MARK_CHECKED):
            raise PermissionDenied("Only publishers can mark content checked.")
        kind, pk = request.POST.get("kind", ""), request.POST.get("pk", "")
        check = CHECKS.get(kind)
        valid = check is not None and pk.isdecimal() and len(pk) <= MAX_ID_DIGITS
        title = check(int(pk), timezone.localdate()) if valid else None
        if title is None:
            messages.error(
                request,
                "That item could not be found: it may have been deleted or unpublished. Nothing was changed.",
            )
        else:
            today = timezone.localdate()
            messages.success(
                request,
                f"“{title}” marked as checked on {long_date(today)}. Next review by {long_date(next_review(today))}.",
            )
        return redirect(reverse("admin:freshness_pagereview_changelist"))
