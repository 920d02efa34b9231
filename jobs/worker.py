"""The worker: takes due jobs from django-tasks-db's table one at a time and runs them.

It replaces django-tasks-db's own ``db_worker`` loop (whose claiming it reuses) to add what that lacks:

- **retries with backoff**: a failed try is put back in the queue for later (jobs/retry.py), and only a job
  out of tries is marked failed, for staff to see and retry in the admin;
- **no job lost when a worker dies**: each worker writes a heartbeat every few seconds; a job still marked
  running by a worker whose heartbeat stopped (killed, out of memory, host gone) is put back in the queue;
- a record of every try (``JobEvent``).

A graceful stop (SIGTERM, SIGINT: ``docker stop``, Ctrl+C) finishes the job in hand first; a second signal
stops at once and puts that job back in the queue.
"""

import logging
import os
import signal
import socket
import threading
import traceback
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from .models import JobEvent, WorkerHeartbeat
from .retry import policy_for

logger = logging.getLogger("jobs.worker")

HEARTBEAT_SECONDS = 5
HOUSEKEEPING_SECONDS = 10


class WorkerLost(Exception):
    """The worker running a job stopped answering before the job finished."""


class Interrupted(BaseException):
    """The worker was told to stop at once while running a job."""


def new_worker_id():
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"


def error_summary(error):
    return f"{type(error).__module__}.{type(error).__qualname__}: {error}"[:2000]


def attempts_so_far(job):
    """Tries counted against the job's policy: those since the last staff retry."""
    events = JobEvent.objects.filter(job=job)
    last_staff_retry = events.filter(kind=JobEvent.Kind.STAFF_RETRY).order_by("-at").values("at")[:1]
    counted = events.filter(kind__in=JobEvent.ATTEMPTS)
    if last_staff_retry:
        counted = counted.filter(at__gt=last_staff_retry[0]["at"])
    return counted.count()


def record_failure(job, error, attempt, worker_id, run_again_at=None):
    """After a failed try: back in the queue for later under its retry policy, or failed for good.

    ``run_again_at`` overrides the backoff (a job whose worker died has not failed by itself)."""
    policy = policy_for(job.task_path)
    now = timezone.now()
    event = JobEvent(job=job, attempt=attempt, worker_id=worker_id, error=error_summary(error), at=now)
    if policy.should_retry(attempt, error):
        retry_at = run_again_at or now + timedelta(seconds=policy.delay(attempt))
        job.status = TaskResultStatus.READY
        job.run_after = retry_at
        job.exception_class_path = f"{type(error).__module__}.{type(error).__qualname__}"
        job.traceback = "".join(traceback.format_exception(error))
        job.finished_at = None
        job.save(update_fields=["status", "run_after", "exception_class_path", "traceback", "finished_at"])
        event.kind, event.retry_at = JobEvent.Kind.RETRYING, retry_at
        logger.warning("Job %s (%s) try %d failed: %s; next try at %s", job.id, job.task_path, attempt, error, retry_at)
    else:
        job.set_failed(error)
        event.kind = JobEvent.Kind.FAILED
        logger.error("Job %s (%s) failed for good after %d tries: %s", job.id, job.task_path, attempt, error)
    if isinstance(error, WorkerLost):
        event.kind = JobEvent.Kind.LOST if event.kind == JobEvent.Kind.RETRYING else event.kind
    event.save()
    return event


def refresh_connection():
    """Drop a broken or expired database connection, as Django does between requests (not inside a transaction:
    the tests run jobs inside theirs)."""
    if not connection.in_atomic_block:
        close_old_connections()


def live_worker_ids(now=None):
    since = (now or timezone.now()) - timedelta(seconds=settings.JOBS_WORKER_TIMEOUT)
    return set(WorkerHeartbeat.objects.filter(seen_at__gte=since).values_list("worker_id", flat=True))


def reclaim_lost_jobs():
    """Put back in the queue every running job whose worker is dead. Returns how many."""
    alive = live_worker_ids()
    running = DBTaskResult.objects.running().only("id", "worker_ids")
    lost = [job.id for job in running if not job.worker_ids or job.worker_ids[-1] not in alive]
    reclaimed = 0
    for job_id in lost:
        with transaction.atomic():
            job = DBTaskResult.objects.select_for_update().filter(id=job_id, status=TaskResultStatus.RUNNING).first()
            if job is None or (job.worker_ids and job.worker_ids[-1] in live_worker_ids()):
                continue  # finished, or claimed again, meanwhile
            dead = job.worker_ids[-1] if job.worker_ids else "unknown"
            error = WorkerLost(f"worker {dead} stopped while running this job")
            record_failure(job, error, attempts_so_far(job) + 1, dead, run_again_at=timezone.now())
            reclaimed += 1
    if reclaimed:
        logger.warning("Put %d job(s) of dead workers back in the queue", reclaimed)
    return reclaimed


class Worker:
    def __init__(self, *, worker_id=None, interval=1.0, batch=False, max_tasks=None, backend_name="default",
                 heartbeat=True, scheduler=False):  # fmt: skip
        self.worker_id = worker_id or new_worker_id()
        self.interval = interval
        self.batch = batch
        self.max_tasks = max_tasks
        self.backend_name = backend_name
        self.heartbeat = heartbeat
        self.scheduler = scheduler
        self.running = True
        self.running_task = False
        self.wake = threading.Event()
        self.tasks_run = 0
        self.next_housekeeping = 0.0
        self.stranded = None  # a job whose outcome could not be written (database down): put back when it is up

    # Signals ---------------------------------------------------------------------------------------------------

    def configure_signals(self):
        for name in ("SIGINT", "SIGTERM", "SIGQUIT"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), self.shutdown)

    def shutdown(self, signum, frame):
        if not self.running and self.running_task:
            logger.warning("Second %s: stopping now; the job in hand goes back in the queue", signal.strsignal(signum))
            raise Interrupted
        logger.warning("%s: stopping after the job in hand (send it again to stop now)", signal.strsignal(signum))
        self.running = False
        self.wake.set()

    # Heartbeat -------------------------------------------------------------------------------------------------

    def beat(self):
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": timezone.now(), "hostname": socket.gethostname()[:255], "pid": os.getpid()},
        )
        if settings.JOBS_HEARTBEAT_FILE:  # only once the database took the heartbeat: the container is healthy
            Path(settings.JOBS_HEARTBEAT_FILE).touch()

    def beat_forever(self, stop):
        """In a thread of its own (and its own database connection), so a long job keeps its worker alive."""
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                try:
                    self.beat()
                except Exception:  # the database may be restarting: try again next time
                    logger.warning("Could not write the worker heartbeat", exc_info=True)
                    connection.close()
        finally:
            connection.close()

    # The loop --------------------------------------------------------------------------------------------------

    def run(self):
        logger.info("Worker %s starting", self.worker_id)
        self.beat()
        stop_beating = threading.Event()
        beater = None
        if self.heartbeat:
            beater = threading.Thread(target=self.beat_forever, args=(stop_beating,), daemon=True, name="heartbeat")
            beater.start()
        try:
            self.loop()
        finally:
            stop_beating.set()
            if beater:
                beater.join(timeout=HEARTBEAT_SECONDS + 1)
            try:
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            except Exception:
                logger.warning("Could not remove the heartbeat of worker %s", self.worker_id, exc_info=True)
            logger.info("Worker %s stopped after %d job(s)", self.worker_id, self.tasks_run)

    def loop(self):
        while self.running:
            refresh_connection()  # a database restart must cost one try, not the worker
            try:
                self.put_back_stranded()
                self.housekeeping()
                job = self.claim_next()
                if job is not None:
                    self.stranded = job
                    self.run_task(job)
                    self.stranded = None
            except OperationalError:
                # Our heartbeat goes on, so nobody else would put a stranded job back: we do, once we can.
                logger.warning("Database unavailable; trying again in %s s", self.interval, exc_info=True)
                if not connection.in_atomic_block:
                    connection.close()
                self.wake.wait(max(self.interval, 1))
                continue
            if job is not None:
                if self.max_tasks and self.tasks_run >= self.max_tasks:
                    return
                continue
            if self.batch:
                return
            self.wake.wait(self.interval)

    def housekeeping(self):
        now = timezone.now().timestamp()
        if now < self.next_housekeeping:
            return
        self.next_housekeeping = now + HOUSEKEEPING_SECONDS
        reclaim_lost_jobs()
        if self.scheduler:
            from .scheduler import enqueue_due

            enqueue_due()

    def claim_next(self):
        """The next due job, marked as running by this worker; None when there is none."""
        jobs = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        with exclusive_transaction(jobs.db):
            try:
                job = jobs.get_locked()
                if job is not None:
                    job.claim(self.worker_id)
            except OperationalError as error:
                if is_locked_database_exception(error):  # SQLite: another process is writing
                    return None
                raise
        return job

    def run_task(self, job):
        attempt = attempts_so_far(job) + 1
        self.running_task = True
        try:
            task = job.task
            task_result = job.task_result
            backend = type(task.get_backend())
            task_started.send(sender=backend, task_result=task_result)
            value = self.call(task, task_result)
            job.set_successful(value)
            JobEvent.objects.create(job=job, kind=JobEvent.Kind.SUCCEEDED, attempt=attempt, worker_id=self.worker_id)
            task_finished.send(sender=backend, task_result=job.task_result)
        except Interrupted:
            self.put_back(job)
            raise SystemExit(1) from None
        except Exception as error:
            refresh_connection()  # the error may have been the database connection itself
            record_failure(job, error, attempt, self.worker_id)
        finally:
            self.running_task = False
            self.tasks_run += 1

    def put_back_stranded(self):
        """A job whose try ended while the database was unreachable is still marked running by this (live)
        worker: queue it again, as if its worker had died."""
        if self.stranded is None:
            return
        job, self.stranded = self.stranded, None
        with transaction.atomic():
            job = DBTaskResult.objects.select_for_update().filter(id=job.id, status=TaskResultStatus.RUNNING).first()
            if job is not None and job.worker_ids[-1:] == [self.worker_id]:
                error = WorkerLost(f"worker {self.worker_id} lost the database while running this job")
                record_failure(job, error, attempts_so_far(job) + 1, self.worker_id, run_again_at=timezone.now())

    def call(self, task, task_result):
        if task.takes_context:
            return task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
        return task.call(*task_result.args, **task_result.kwargs)

    def put_back(self, job):
        job.status = TaskResultStatus.READY
        job.run_after = timezone.now()
        job.save(update_fields=["status", "run_after"])
        JobEvent.objects.create(
            job=job, kind=JobEvent.Kind.LOST, attempt=attempts_so_far(job) + 1, worker_id=self.worker_id,
            error="The worker was stopped during this try", retry_at=job.run_after,
        )  # fmt: skip
