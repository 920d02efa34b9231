"""The queue's own periodic housekeeping (settings.PERIODIC_JOBS)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat


@task()
def prune_finished_jobs():
    """Delete successful jobs (and the emails they carried) after JOBS_KEEP_DAYS, and heartbeats of workers long
    gone. Failed jobs stay until staff retry them: they are the record of what did not happen."""
    cutoff = timezone.now() - timedelta(days=settings.JOBS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.successful().filter(finished_at__lt=cutoff).delete()
    WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()
    return {"deleted": deleted}
