"""The queue's own periodic housekeeping (settings.PERIODIC_JOBS)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat


@task()
def prune_finished_jobs():
    """Delete successful jobs (and the emails they carried) after JOBS_KEEP_DAYS, failed ones after
    JOBS_KEEP_FAILED_DAYS (time enough for staff to see and retry them), and heartbeats of workers long gone.
    A queued email holds personal data (an address, a confirmation link): it is kept no longer than that."""
    now = timezone.now()
    done = DBTaskResult.objects.successful().filter(finished_at__lt=now - timedelta(days=settings.JOBS_KEEP_DAYS))
    failed = DBTaskResult.objects.failed().filter(finished_at__lt=now - timedelta(days=settings.JOBS_KEEP_FAILED_DAYS))
    deleted = {"successful": done.delete()[0], "failed": failed.delete()[0]}
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return deleted
