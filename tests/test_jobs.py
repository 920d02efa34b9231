"""The task queue (jobs app) with the real database backend: retries with backoff, a record of every try, jobs of
dead workers run again, periodic jobs, graceful stop, the admin's failed-job list and retry action, /readyz."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs import scheduler
from jobs.models import JobEvent, PeriodicJob, WorkerHeartbeat
from jobs.retry import RetryPolicy, policy_for, total_wait
from jobs.testing import run_jobs
from jobs.worker import Worker, reclaim_lost_jobs

from . import jobs_tasks

TEST_POLICY = {"max_attempts": 3, "base_seconds": 60, "max_seconds": 600}


@pytest.fixture(autouse=True)
def clean_task_state(settings):
    settings.JOBS_RETRY = {**settings.JOBS_RETRY, "tests": TEST_POLICY}
    jobs_tasks.calls.clear()
    jobs_tasks.failures_left.clear()


def only_job():
    return DBTaskResult.objects.get()


def events(job):
    return list(JobEvent.objects.filter(job=job).values_list("kind", "attempt"))


# Retries ----------------------------------------------------------------------------------------------------


def test_a_failed_try_is_queued_again_after_a_backoff_and_recorded(db):
    jobs_tasks.failures_left["a"] = 1
    jobs_tasks.flaky.enqueue("a")
    before = timezone.now()

    assert run_jobs() == 1

    job = only_job()
    assert job.status == "READY"  # waiting for its next try, not failed
    assert before + timedelta(seconds=54) <= job.run_after <= timezone.now() + timedelta(seconds=66)  # 60 s ± 10 %
    assert "ConnectionError: flaky a failed" in job.traceback
    [event] = JobEvent.objects.filter(job=job)
    assert (event.kind, event.attempt, event.retry_at) == ("retrying", 1, job.run_after)
    assert "flaky a failed" in event.error
    assert run_jobs() == 0  # not due yet

    assert run_jobs(include_later=True) == 1
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    assert events(job) == [("retrying", 1), ("succeeded", 2)]


def test_a_job_out_of_tries_fails_for_good_with_its_error(db):
    jobs_tasks.failures_left["b"] = 99
    jobs_tasks.flaky.enqueue("b")
    for _ in range(5):
        run_jobs(include_later=True)
    job = only_job()
    assert job.status == "FAILED"
    assert job.exception_class_path == "builtins.ConnectionError"
    assert events(job) == [("retrying", 1), ("retrying", 2), ("failed", 3)]
    assert jobs_tasks.calls == [("flaky", "b")] * 3


def test_an_error_that_is_not_transient_is_not_retried(db):
    jobs_tasks.refuses.enqueue("permanent")
    jobs_tasks.refuses.enqueue("transient")
    run_jobs()
    statuses = dict(DBTaskResult.objects.values_list("args_kwargs__args__0", "status"))
    assert statuses == {"permanent": "FAILED", "transient": "READY"}


def test_backoff_doubles_up_to_the_cap():
    policy = RetryPolicy(max_attempts=10, base_seconds=30, max_seconds=3600)
    middles = [policy.delay(n) / 1.1 for n in range(1, 10)]
    for delay, expected in zip(middles, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600], strict=True):
        assert expected * 0.9 / 1.1 <= delay <= expected


def test_email_retries_ride_out_a_long_mail_server_outage():
    policy = policy_for("jobs.mail.send_email")
    assert policy.max_attempts >= 100
    assert total_wait(policy) > 4 * 24 * 3600  # longer than a long weekend with the mail server down
    assert policy.delay(1) < 60  # but the first retry is quick


# No job lost ------------------------------------------------------------------------------------------------


def test_a_job_claimed_by_a_dead_worker_is_run_again(db):
    jobs_tasks.record.enqueue("survivor")
    job = only_job()
    job.claim("worker-that-was-killed")  # RUNNING, and that worker never beats again
    WorkerHeartbeat.objects.create(worker_id="worker-that-was-killed", seen_at=timezone.now() - timedelta(minutes=5))

    assert run_jobs() == 1

    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    assert jobs_tasks.calls == [("record", "survivor")]
    assert events(job) == [("lost", 1), ("succeeded", 2)]
    assert job.worker_ids == ["worker-that-was-killed", "test-worker"]


def test_a_job_of_a_live_worker_is_left_alone(db):
    jobs_tasks.record.enqueue("busy")
    job = only_job()
    job.claim("live-worker")
    WorkerHeartbeat.objects.create(worker_id="live-worker")
    assert reclaim_lost_jobs() == 0
    assert run_jobs() == 0
    job.refresh_from_db()
    assert job.status == "RUNNING"


def test_a_job_whose_outcome_could_not_be_written_is_run_again(db, monkeypatch):
    """The database went away just as the job finished, so neither its success nor its failure could be written:
    the job must not stay "running" under a worker that is alive. The worker puts it back once it can."""
    from django.db import OperationalError
    from django_tasks_db.models import DBTaskResult as Model

    from jobs import worker as worker_module

    def down_once(real):
        failures = iter([OperationalError("server closed the connection unexpectedly")])

        def call(*args, **kwargs):
            error = next(failures, None)
            if error:
                raise error
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(Model, "set_successful", down_once(Model.set_successful))
    monkeypatch.setattr(worker_module, "record_failure", down_once(worker_module.record_failure))
    jobs_tasks.record.enqueue("twice")
    worker = Worker(worker_id="unlucky", heartbeat=False, batch=True, interval=0.01)
    worker.beat()
    worker.loop()
    job = only_job()
    assert job.status == "SUCCESSFUL"
    assert events(job) == [("lost", 1), ("succeeded", 2)]
    assert jobs_tasks.calls == [("record", "twice")] * 2


def test_a_worker_stopped_mid_job_puts_the_job_back(db):
    jobs_tasks.stopped_mid_job.enqueue()
    worker = Worker(worker_id="stopping", heartbeat=False, batch=True)
    with pytest.raises(SystemExit):
        worker.loop()
    job = only_job()
    assert job.status == "READY" and job.run_after <= timezone.now()
    assert events(job) == [("lost", 1)]


def test_a_stop_signal_lets_the_job_in_hand_finish(db):
    worker = Worker(worker_id="graceful", heartbeat=False)
    worker.running_task = True
    worker.shutdown(15, None)  # SIGTERM: finish the job, then stop
    assert worker.running is False
    from jobs.worker import Interrupted

    with pytest.raises(Interrupted):  # a second one while the job runs: stop now
        worker.shutdown(15, None)


def test_run_worker_command_runs_due_jobs_and_leaves_no_heartbeat(db):
    jobs_tasks.record.enqueue("from the command")
    call_command("run_worker", "--batch", stdout=io.StringIO())
    assert only_job().status == "SUCCESSFUL"
    assert not WorkerHeartbeat.objects.exists()


# Periodic jobs ----------------------------------------------------------------------------------------------


def test_periodic_jobs_are_enqueued_once_per_period(db, settings):
    settings.PERIODIC_JOBS = [("tests.jobs_tasks.tick", 3600)]
    now = timezone.now()
    assert scheduler.enqueue_due(now) == ["tests.jobs_tasks.tick"]  # never run: due at once
    assert scheduler.enqueue_due(now) == []  # still waiting: not enqueued again
    run_jobs()
    assert scheduler.enqueue_due(now + timedelta(minutes=59)) == []
    assert scheduler.enqueue_due(now + timedelta(minutes=61)) == ["tests.jobs_tasks.tick"]
    assert DBTaskResult.objects.filter(task_path="tests.jobs_tasks.tick").count() == 2
    assert PeriodicJob.objects.get().last_enqueued_at == now + timedelta(minutes=61)


def test_a_stopped_worker_does_not_come_back_to_a_pile_of_copies(db, settings):
    settings.PERIODIC_JOBS = [("tests.jobs_tasks.tick", 60)]
    now = timezone.now()
    for minute in range(10):
        scheduler.enqueue_due(now + timedelta(minutes=minute))
    assert DBTaskResult.objects.count() == 1


def test_run_scheduler_command(db, settings):
    settings.PERIODIC_JOBS = [("tests.jobs_tasks.tick", 60)]
    out = io.StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "Enqueued tests.jobs_tasks.tick" in out.getvalue()


def test_pruning_deletes_old_finished_jobs_only(db, settings):
    from jobs.tasks import prune_finished_jobs

    for value in ("old", "recent"):
        jobs_tasks.record.enqueue(value)
    jobs_tasks.failures_left["f"] = 99
    jobs_tasks.flaky.enqueue("f")
    for _ in range(3):
        run_jobs(include_later=True)
    jobs_tasks.record.enqueue("waiting")
    DBTaskResult.objects.filter(args_kwargs__args__0="old").update(finished_at=timezone.now() - timedelta(days=8))
    DBTaskResult.objects.filter(status="FAILED").update(finished_at=timezone.now() - timedelta(days=8))
    prune_finished_jobs.call()
    remaining = sorted(DBTaskResult.objects.values_list("args_kwargs__args__0", flat=True))
    assert remaining == ["f", "recent", "waiting"]  # failed jobs stay a month, for staff to retry
    DBTaskResult.objects.filter(status="FAILED").update(finished_at=timezone.now() - timedelta(days=31))
    prune_finished_jobs.call()
    assert sorted(DBTaskResult.objects.values_list("args_kwargs__args__0", flat=True)) == ["recent", "waiting"]


# Admin ------------------------------------------------------------------------------------------------------


def failed_job():
    jobs_tasks.failures_left["admin"] = 99
    jobs_tasks.flaky.enqueue("admin")
    for _ in range(3):
        run_jobs(include_later=True)
    job = only_job()
    assert job.status == "FAILED"
    return job


def test_staff_see_failed_jobs_with_their_error(client, publisher):
    job = failed_job()
    client.force_login(publisher)
    listing = client.get("/admin/jobs/job/?state=failed").content.decode()
    assert "Flaky" in listing and "ConnectionError" in listing
    page = client.get(f"/admin/jobs/job/{job.pk}/change/").content.decode()
    assert "flaky admin failed" in page  # the traceback
    assert "Failed, gave up" in page and "Failed, will try again" in page  # the history of tries


def test_a_publisher_retries_a_failed_job_and_it_runs_again(client, publisher):
    job = failed_job()
    client.force_login(publisher)
    jobs_tasks.failures_left["admin"] = 0
    response = client.post("/admin/jobs/job/", {"action": "retry_now", "_selected_action": [job.pk]}, follow=True)
    assert "1 job(s) queued to run now" in response.content.decode()
    job.refresh_from_db()
    assert job.status == "READY"
    staff_retry = JobEvent.objects.get(job=job, kind="staff_retry")
    assert staff_retry.user == publisher
    assert run_jobs() == 1
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    assert events(job)[-1] == ("succeeded", 1)  # a fresh set of tries after the staff retry


def test_editors_cannot_see_or_retry_jobs(client, editor):
    job = failed_job()
    client.force_login(editor)
    assert client.get("/admin/jobs/job/").status_code == 403
    client.post("/admin/jobs/job/", {"action": "retry_now", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.status == "FAILED"


def test_the_job_list_takes_a_bounded_number_of_queries(client, publisher, django_assert_max_num_queries):
    for n in range(30):
        jobs_tasks.record.enqueue(n)
    run_jobs(max_jobs=10)
    client.force_login(publisher)
    client.get("/admin/jobs/job/")  # the CMS makes the user's clipboard on a first admin page
    with django_assert_max_num_queries(14):  # sessions, permissions, CMS toolbar: 2 for the jobs, whatever their number
        assert client.get("/admin/jobs/job/").status_code == 200


def test_nobody_edits_or_deletes_a_job(admin_client):
    jobs_tasks.record.enqueue(1)
    job = only_job()
    assert admin_client.get("/admin/jobs/job/add/").status_code == 403
    assert admin_client.post(f"/admin/jobs/job/{job.pk}/delete/", {"post": "yes"}).status_code == 403
    assert DBTaskResult.objects.filter(pk=job.pk).exists()


# Readiness --------------------------------------------------------------------------------------------------


def queue_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    return response.json()["checks"]["queue"]


def test_readyz_reports_pending_and_failed_jobs_and_the_oldest_age(client, db):
    state = queue_check(client)
    assert (state["status"], state["pending"], state["failed"], state["oldest_pending_seconds"]) == ("ok", 0, 0, 0)

    jobs_tasks.record.enqueue("waiting")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=90))
    WorkerHeartbeat.objects.create(worker_id="alive")
    state = queue_check(client)
    assert (state["status"], state["pending"], state["workers"]) == ("ok", 1, 1)
    assert 89 < state["oldest_pending_seconds"] < 120


def test_readyz_queue_is_degraded_but_ready_with_no_worker_a_backlog_or_a_failure(client, db, settings):
    jobs_tasks.record.enqueue("nobody runs me")
    state = queue_check(client)
    assert (state["status"], state["problems"]) == ("degraded", ["no worker"])
    assert client.get("/readyz").json()["status"] == "degraded"

    settings.JOBS_BACKLOG_SECONDS = 60
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=61))
    WorkerHeartbeat.objects.create(worker_id="alive")
    assert queue_check(client)["problems"] == ["backlog"]


def test_readyz_queue_check_is_cheap(client, db, django_assert_max_num_queries):
    for n in range(20):
        jobs_tasks.record.enqueue(n)
    with django_assert_max_num_queries(5):  # SELECT 1, the counts, the live workers (+ session-free probe)
        client.get("/readyz")


# The worker container's health check ----------------------------------------------------------------------


def test_worker_container_health_check_reads_the_heartbeat_file(tmp_path):
    import os
    import subprocess
    import sys
    import time

    heartbeat = tmp_path / "worker-heartbeat"
    env = {"PATH": os.environ["PATH"], "JOBS_HEARTBEAT_FILE": str(heartbeat), "JOBS_WORKER_TIMEOUT": "30"}

    def check():
        return subprocess.run([sys.executable, "docker/healthcheck.py"], env=env, capture_output=True, text=True)

    assert check().returncode == 1  # no heartbeat yet
    heartbeat.touch()
    assert check().returncode == 0
    stale = time.time() - 60
    os.utime(heartbeat, (stale, stale))
    result = check()
    assert result.returncode == 1 and "last worker heartbeat" in result.stderr
