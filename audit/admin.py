"""The change log in the admin: read-only for everyone. Publishers get the view permissions
(localoffer/seed/groups.py); Editors see nothing of it. Nobody, a superuser included, can add, change or delete
an entry here: the has_*_permission methods below say no whatever the user's permissions."""

from collections import Counter

from auditlog import admin as auditlog_admin  # noqa: F401 - registers its admin first, replaced below
from auditlog.mixins import LogEntryAdminMixin
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from djangocms_versioning.helpers import version_list_url

from .models import ChangeRecord, PublishingEvent

SYSTEM = "system"

# django-auditlog registers its own admin for the log; ours replaces it (one place, stricter permissions).
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record of what happened: never added to, edited or deleted from the admin."""

    class Media:
        css = {"all": ["audit/admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ModelFilter(admin.SimpleListFilter):
    """The kinds of record the log follows (audit/registry.py), by name; no scan of the log to list them."""

    title = "kind of record"
    parameter_name = "model"

    def lookups(self, request, model_admin):
        types = ContentType.objects.get_for_models(*auditlog.get_models()).values()
        names = Counter(ct.app_labeled_name for ct in types)
        # Two models may share a verbose name (an article and its versioned text): tell them apart.
        choices = [
            (
                str(ct.pk),
                ct.app_labeled_name if names[ct.app_labeled_name] == 1 else f"{ct.app_labeled_name} ({ct.model})",
            )
            for ct in types
        ]
        return sorted(choices, key=lambda choice: choice[1].lower())

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(content_type_id=int(value)) if value.isdigit() else queryset.none()


class ActorFilter(admin.SimpleListFilter):
    """Who made the change: each user who appears in the log, or the system (commands such as seed_site)."""

    title = "who"
    parameter_name = "who"

    def lookups(self, request, model_admin):
        actors = model_admin.model.objects.exclude(actor=None).values("actor")
        users = get_user_model().objects.filter(pk__in=actors).order_by("username")
        return [(SYSTEM, "System (no user)"), *((str(user.pk), user.get_username()) for user in users)]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == SYSTEM:
            return queryset.filter(actor=None)
        return queryset.filter(actor_id=int(value)) if value.isdigit() else queryset.none()


def actor_name(user, email=None, source=None):
    """The name to show for who did it: the user, their email once the account is deleted, or the system."""
    if user is not None:
        return user.get_username()
    if email:
        return f"{email} (account deleted)"
    return f"{SYSTEM} ({source})" if source else SYSTEM


@admin.register(ChangeRecord)
class ChangeRecordAdmin(LogEntryAdminMixin, ReadOnlyAdmin):
    date_hierarchy = "timestamp"
    list_display = ["when", "who", "action", "resource_url", "msg_short"]
    list_filter = [ModelFilter, ActorFilter, "action", "timestamp"]
    list_select_related = ["content_type", "actor"]
    search_fields = ["object_repr", "changes", "actor__username", "actor_email"]
    search_help_text = "Search the record's name, the old and new values, or the user's name or email."
    fieldsets = [
        (None, {"fields": ["when", "who", "remote_addr", "resource_url", "action"]}),
        ("Changes", {"fields": ["msg"]}),
    ]
    readonly_fields = ["when", "who", "remote_addr", "resource_url", "action", "msg"]

    @admin.display(description="When", ordering="timestamp")
    def when(self, obj):
        # A formatted string: the admin shows a read-only field's raw value (microseconds and all) otherwise.
        return date_format(localtime(obj.timestamp), "DATETIME_FORMAT")

    @admin.display(description="Who", ordering="actor__username")
    def who(self, obj):
        extra = obj.additional_data if isinstance(obj.additional_data, dict) else {}
        source = extra.get("source")
        return actor_name(obj.actor, obj.actor_email, source)


@admin.register(PublishingEvent)
class PublishingEventAdmin(ReadOnlyAdmin):
    """djangocms-versioning's own record of each publish, unpublish, archive and new draft, shown as a list.
    The rows are the library's (StateTracking); nothing is copied."""

    date_hierarchy = "date"
    list_display = ["date", "user", "kind", "content", "old_state", "new_state", "versions"]
    list_filter = [
        "new_state",
        ("version__content_type", admin.RelatedOnlyFieldListFilter),
        ("user", admin.RelatedOnlyFieldListFilter),
        "date",
    ]
    list_select_related = ["user", "version__content_type"]
    search_fields = ["user__username", "user__email"]
    search_help_text = "Search by the user's name or email."
    fields = ["date", "user", "kind", "content", "old_state", "new_state", "versions"]
    readonly_fields = fields

    def get_queryset(self, request):
        # The content of each version, one query per kind of content rather than one per row.
        return super().get_queryset(request).prefetch_related("version__content")

    @admin.display(description="Kind of content", ordering="version__content_type")
    def kind(self, obj):
        return obj.version.content_type.name

    @admin.display(description="Content")
    def content(self, obj):
        return str(obj.version.content) if obj.version.content is not None else f"(deleted) #{obj.version.object_id}"

    @admin.display(description="All versions")
    def versions(self, obj):
        content = obj.version.content
        url = version_list_url(content) if content is not None else None
        return format_html('<a href="{}">Versions</a>', url) if url else "-"
