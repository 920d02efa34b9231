"""The queue's state for /readyz: two small indexed queries, no job is touched."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat


def queue_state():
    """Pending (waiting, due or not), running and failed jobs, the age of the oldest pending one in seconds, and
    live workers. "degraded" when jobs pile up with no live worker, when one has waited longer than
    JOBS_BACKLOG_SECONDS, or when a job failed for good (staff should look at it in the admin)."""
    now = timezone.now()
    unfinished = (TaskResultStatus.READY, TaskResultStatus.RUNNING, TaskResultStatus.FAILED)
    counts = DBTaskResult.objects.filter(status__in=unfinished).aggregate(
        pending=Count("pk", filter=Q(status=TaskResultStatus.READY)),
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED)),
        oldest=Min("enqueued_at", filter=Q(status=TaskResultStatus.READY)),
    )
    since = now - timedelta(seconds=settings.JOBS_WORKER_TIMEOUT)
    workers = WorkerHeartbeat.objects.filter(seen_at__gte=since).count()
    oldest = counts.pop("oldest")
    age = round((now - oldest).total_seconds(), 1) if oldest else 0
    problems = []
    if counts["pending"] and not workers:
        problems.append("no worker")
    if age > settings.JOBS_BACKLOG_SECONDS:
        problems.append("backlog")
    if counts["failed"]:
        problems.append("failed jobs")
    state = {"status": "degraded" if problems else "ok", **counts, "oldest_pending_seconds": age, "workers": workers}
    if problems:
        state["problems"] = problems
    return state
