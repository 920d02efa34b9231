"""Retries with exponential backoff. django-tasks has none of its own, so the worker (jobs/worker.py) asks this
module what to do when a job fails: run it again later, or give up and leave it failed for staff.

A task chooses a policy by name with the ``retries`` decorator (put it above ``@task``); the numbers of each
policy are in ``settings.JOBS_RETRY`` so operators can change them without code.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: float
    max_seconds: float
    # Whether an error is worth another try (a timeout is; a refused address is not). None: every error is.
    transient: Callable[[BaseException], bool] | None = None

    def should_retry(self, attempt, error):
        """``attempt`` is the number of the try that just failed (1 for the first)."""
        if attempt >= self.max_attempts:
            return False
        return self.transient is None or self.transient(error)

    def delay(self, attempt):
        """Seconds to wait after try number ``attempt`` failed: base, 2 x base, 4 x base... capped at max_seconds,
        give or take 10 %, so jobs that failed together (a mail server outage) do not all retry at once."""
        seconds = min(self.max_seconds, self.base_seconds * 2 ** min(attempt - 1, 30))
        return seconds * random.uniform(0.9, 1.1)


_registered = {}  # task module path -> (policy name, transient)


def retries(policy="default", transient=None):
    """Decorator for a django-tasks Task: retry it under ``settings.JOBS_RETRY[policy]``."""

    def register(task):
        _registered[task.module_path] = (policy, transient)
        return task

    return register


def policy_for(task_path):
    name, transient = _registered.get(task_path, ("default", None))
    numbers = settings.JOBS_RETRY.get(name) or settings.JOBS_RETRY["default"]
    return RetryPolicy(transient=transient, **numbers)


def total_wait(policy):
    """Seconds from the first try to the last, without jitter: how long an outage the policy rides out."""
    return sum(
        min(policy.max_seconds, policy.base_seconds * 2 ** min(n - 1, 30)) for n in range(1, policy.max_attempts)
    )
