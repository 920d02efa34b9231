"""Retention for email alerts: what the privacy notice promises.

- An address never confirmed is deleted ALERTS_CONFIRM_DAYS after it was given (with its lists).
- The form's one-email-a-day records (a keyed hash, no address) are deleted after a day.

Run by the scheduler (PERIODIC_JOBS) and by `manage.py purge_feedback_personal_data`, the daily retention
command. Confirmed subscribers are kept until they unsubscribe, which deletes them at once.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import throttle
from .models import Subscriber

logger = logging.getLogger(__name__)


def delete_expired(now=None, dry_run=False):
    """(unconfirmed subscribers, one-a-day records) deleted, or that would be with dry_run."""
    now = now or timezone.now()
    subscribers, records = Subscriber.objects.expired_pending(now), throttle.expired(now)
    if dry_run:
        return subscribers.count(), records.count()
    with transaction.atomic():
        deleted = subscribers.filter(confirmed_at__isnull=True).delete()[1].get("alerts.Subscriber", 0)
        purged = records.delete()[0]
    return deleted, purged


def report(now=None, dry_run=False):
    """delete_expired, as one line for a log or a command's output."""
    subscribers, records = delete_expired(now, dry_run)
    verb = "would be deleted" if dry_run else "deleted"
    return f"Email alerts: {subscribers} unconfirmed subscribers and {records} one-a-day email records {verb}"


@task()
def delete_unconfirmed():
    """The periodic job (settings.PERIODIC_JOBS, hourly): same as the retention command's alerts step."""
    subscribers, records = delete_expired()
    logger.info("Email alerts clean-up: %s unconfirmed subscribers, %s one-a-day records deleted", subscribers, records)
    return {"subscribers": subscribers, "records": records}
