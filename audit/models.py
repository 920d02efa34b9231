"""The change log's two lists in the admin. Both are proxies: the rows live in django-auditlog's and
djangocms-versioning's own tables, written by those libraries; this app only shows them, read-only.

Only a view permission exists for each (default_permissions), so nobody, a superuser included, can be given
the right to add, change or delete an entry.
"""

from auditlog.models import LogEntry
from djangocms_versioning.models import StateTracking


class ChangeRecord(LogEntry):
    class Meta:
        proxy = True
        default_permissions = ("view",)
        verbose_name = "change"
        verbose_name_plural = "changes"


class PublishingEvent(StateTracking):
    class Meta:
        proxy = True
        default_permissions = ("view",)
        ordering = ["-date", "-pk"]
        verbose_name = "publishing event"
        verbose_name_plural = "publishing history"
