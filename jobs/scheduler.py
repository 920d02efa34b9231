"""Periodic jobs: ``settings.PERIODIC_JOBS`` lists (dotted path of a task, seconds). ``manage.py run_scheduler``
calls ``enqueue_due`` every few seconds; the worker runs what it enqueues.

The last enqueue time of each is kept in the database (``PeriodicJob``), so a restart neither repeats nor skips
a run, and two schedulers by mistake do not enqueue twice (the row is locked while deciding). A job that is
still waiting or running is not enqueued again: a stopped worker does not come back to a pile of copies.
A job never run before is due at once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import PeriodicJob

logger = logging.getLogger("jobs.scheduler")


def enqueue_due(now=None):
    """Enqueue every periodic job that is due. Returns the paths enqueued."""
    now = now or timezone.now()
    enqueued = []
    for path, seconds in settings.PERIODIC_JOBS:
        if enqueue_if_due(path, seconds, now):
            enqueued.append(path)
    return enqueued


def enqueue_if_due(path, seconds, now):
    task = import_string(path)  # fails loudly on a wrong path, before anything is written
    with transaction.atomic():
        entry, _ = PeriodicJob.objects.select_for_update().get_or_create(task_path=path)
        if entry.last_enqueued_at and now - entry.last_enqueued_at < timedelta(seconds=seconds):
            return False
        waiting = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
        if DBTaskResult.objects.filter(task_path=task.module_path, status__in=waiting).exists():
            return False
        task.enqueue()
        entry.last_enqueued_at = now
        entry.save(update_fields=["last_enqueued_at"])
    logger.info("Enqueued periodic job %s", path)
    return True
