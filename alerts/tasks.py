"""The alerts' periodic jobs (settings.PERIODIC_JOBS; `manage.py run_scheduler` enqueues them, the worker runs
them). Both are safe to run at any time and any number of times: dispatch.py records every email before it
is queued, so a re-run sends nothing twice."""

from django_tasks import task

from . import dispatch


@task()
def send_immediate_alerts():
    """Every minute: what became public since the last run, to the subscribers who asked for it straight away.
    Published and scheduled articles alike are found here once they are public (publishing does not queue a
    run of its own: a minute is soon enough, and one path for both kinds means one behaviour to trust)."""
    return dispatch.send_immediate()


@task()
def send_weekly_digests():
    """Every hour: once the week is over (from ALERTS_DIGEST_HOUR on Monday), each weekly subscriber's digest."""
    return dispatch.send_digests()
