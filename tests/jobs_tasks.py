"""Tasks for the queue's tests (tests/test_jobs.py): importable by dotted path, as the worker needs."""

from django_tasks import task

from jobs.retry import retries
from jobs.worker import Interrupted

calls = []  # (task name, argument), in the order the worker ran them
failures_left = {}  # argument -> how many more times ``flaky`` fails for it


@task()
def record(value):
    calls.append(("record", value))
    return value


@retries("tests")
@task()
def flaky(key):
    calls.append(("flaky", key))
    if failures_left.get(key, 0) > 0:
        failures_left[key] -= 1
        raise ConnectionError(f"flaky {key} failed")
    return "done"


@retries("tests", transient=lambda error: not isinstance(error, ValueError))
@task()
def refuses(kind):
    calls.append(("refuses", kind))
    raise ValueError("bad input: no point retrying") if kind == "permanent" else ConnectionError("try later")


@task()
def stopped_mid_job():
    raise Interrupted


@task()
def tick():
    calls.append(("tick", None))
