"""The queue's own records, next to django-tasks-db's job table (DBTaskResult):

- ``Job``: that table under this app's name, for the admin and its "retry" permission;
- ``JobEvent``: what happened to each job, one row per try and per staff retry (who, when, which error);
- ``WorkerHeartbeat``: which workers are alive, so a job claimed by a dead one is run again;
- ``PeriodicJob``: when each periodic job was last enqueued (jobs/scheduler.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Job(DBTaskResult):
    class Meta:
        proxy = True
        verbose_name = "background job"
        permissions = [("retry_job", "Can retry failed background jobs")]

    def __str__(self):
        return f"{self.task_name} ({self.get_status_display().lower()})"


class JobEvent(models.Model):
    class Kind(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        RETRYING = "retrying", "Failed, will try again"
        FAILED = "failed", "Failed, gave up"
        LOST = "lost", "Worker stopped during the try"
        STAFF_RETRY = "staff_retry", "Retried by staff"

    # Kinds that count as a try against the job's retry policy (a staff retry starts the count again).
    ATTEMPTS = (Kind.SUCCEEDED, Kind.RETRYING, Kind.FAILED, Kind.LOST)

    job = models.ForeignKey(DBTaskResult, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    attempt = models.PositiveIntegerField(null=True, blank=True)
    worker_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["job", "at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M:%S}"


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.worker_id} on {self.hostname} (pid {self.pid})"


class PeriodicJob(models.Model):
    task_path = models.CharField(max_length=255, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.task_path
