"""Background jobs in the admin: what is waiting, what failed and why, and a "Retry now" action.

Read-only: nobody adds, edits or deletes a job here. Only holders of ``jobs.retry_job`` (Publishers and
superusers) may retry, since a retried job can send email to the public. The email a job carries is shown
as its subject and number of recipients, never its text or addresses (personal data stays in its own app).
"""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from .mail import summary
from .models import Job, JobEvent, WorkerHeartbeat

# django-tasks-db's own admin lists the same table without a retry action: this one replaces it.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)

EMAIL_TASKS = {"jobs.mail.send_email"}
RETRYABLE = (TaskResultStatus.FAILED, TaskResultStatus.READY)


class JobEventInline(admin.TabularInline):
    model = JobEvent
    fields = ["at", "kind", "attempt", "error", "retry_at", "worker_id", "user"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "History (every try, and staff retries)"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("jobs.view_job")  # the history is part of the job

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("failed", "Failed (gave up)"),
            ("waiting", "Waiting (new, or to try again)"),
            ("running", "Running"),
            ("done", "Done"),
        ]

    def queryset(self, request, queryset):
        statuses = {
            "failed": TaskResultStatus.FAILED,
            "waiting": TaskResultStatus.READY,
            "running": TaskResultStatus.RUNNING,
            "done": TaskResultStatus.SUCCESSFUL,
        }
        if self.value() in statuses:
            return queryset.filter(status=statuses[self.value()])
        return queryset


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["what", "status", "tries", "enqueued_at", "next_try", "last_error"]
    list_filter = [StatusFilter, "enqueued_at"]
    ordering = ["-enqueued_at"]
    actions = ["retry_now"]
    inlines = [JobEventInline]
    fields = ["what", "task_path", "status", "tries", "enqueued_at", "started_at", "finished_at", "next_try", "error"]
    readonly_fields = fields
    list_per_page = 50

    def get_queryset(self, request):
        attempts = Count("events", filter=Q(events__kind__in=JobEvent.ATTEMPTS))
        return super().get_queryset(request).annotate(tries_count=attempts)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm("jobs.retry_job")

    @admin.display(description="job")
    def what(self, job):
        if job.task_path in EMAIL_TASKS:
            return summary((job.args_kwargs.get("args") or [{}])[0])
        return job.task_name.replace("_", " ").capitalize()

    @admin.display(description="tries", ordering="tries_count")
    def tries(self, job):
        return job.tries_count

    @admin.display(description="next try")
    def next_try(self, job):
        if job.status != TaskResultStatus.READY:
            return "-"
        if job.run_after == get_date_max() or job.run_after <= timezone.now():
            return "as soon as a worker is free"
        return job.run_after

    @admin.display(description="last error")
    def last_error(self, job):
        return job.exception_class_path.rsplit(".", 1)[-1] or "-"

    @admin.display(description="error")
    def error(self, job):
        if not job.traceback:
            return "-"
        return format_html("<pre style='white-space: pre-wrap'>{}</pre>", job.traceback)

    @admin.action(description="Retry now (failed or waiting jobs)", permissions=["retry"])
    def retry_now(self, request, queryset):
        retried = 0
        for job_id in queryset.filter(status__in=RETRYABLE).values_list("id", flat=True):
            retried += retry_job(job_id, request.user)
        skipped = queryset.count() - retried
        if retried:
            self.message_user(request, f"{retried} job(s) queued to run now; their tries count from zero again.")
        if skipped:
            self.message_user(request, f"{skipped} job(s) skipped: running or done already.", messages.WARNING)


def retry_job(job_id, user):
    """Run a failed (or waiting) job as soon as a worker is free, with a fresh set of tries. Returns 1 or 0."""
    with transaction.atomic():
        job = DBTaskResult.objects.select_for_update().filter(id=job_id, status__in=RETRYABLE).first()
        if job is None:
            return 0
        job.status = TaskResultStatus.READY
        job.run_after = timezone.now()
        job.finished_at = None
        job.save(update_fields=["status", "run_after", "finished_at"])
        JobEvent.objects.create(job=job, kind=JobEvent.Kind.STAFF_RETRY, user=user, retry_at=job.run_after)
    return 1


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    """Which workers are running: a worker writes its heartbeat every few seconds."""

    list_display = ["worker_id", "hostname", "pid", "started_at", "seen_at"]
    ordering = ["-seen_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
