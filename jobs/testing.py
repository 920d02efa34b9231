"""Run queued jobs in tests, with the real database backend, in this process.

    from jobs.testing import run_jobs
    response = client.post(...)          # queues an email (in the test's transaction)
    run_jobs()                           # the worker runs every due job until none is left
    assert len(mail.outbox) == 1         # or the smtp_server fixture's .messages

Jobs waiting for a retry are not due yet: ``run_jobs(include_later=True)`` makes them due first.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .worker import Worker, reclaim_lost_jobs

TEST_WORKER_ID = "test-worker"


class InProcessWorker(Worker):
    def call(self, task, task_result):
        # A savepoint per job, so a job's database error cannot break the test's transaction.
        with transaction.atomic():
            return super().call(task, task_result)


def make_due():
    """Every job waiting for a later try becomes due now."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def run_jobs(include_later=False, max_jobs=1000):
    """Run due jobs until none is left (jobs they enqueue included). Returns how many tries were made."""
    if include_later:
        make_due()
    worker = InProcessWorker(worker_id=TEST_WORKER_ID, heartbeat=False, batch=True, max_tasks=max_jobs)
    worker.beat()
    reclaim_lost_jobs()
    worker.loop()
    return worker.tasks_run
