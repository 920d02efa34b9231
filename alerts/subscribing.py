"""What happens to a subscriber: asking to subscribe, confirming, changing lists, cancelling.

The views call these; nothing here tells the visitor whether an address was already known (no enumeration):
`request_subscription` returns an outcome for logs and tests only.
"""

import enum
import logging

from django.db import transaction
from django.utils import timezone

from . import mail, throttle
from .models import Subscriber, Subscription, normalise_email

logger = logging.getLogger(__name__)


class Outcome(enum.Enum):
    CONFIRMATION_SENT = "confirmation sent"
    MANAGE_LINK_SENT = "already subscribed: manage link sent"
    NOT_SENT_TODAY = "already emailed today: nothing sent"


def request_subscription(email, wanted):
    """The subscribe form, once valid. New address: a pending subscriber with the chosen lists and a
    confirmation email. Pending address: the new choices and a new confirmation email. Confirmed address: its
    lists are left alone (whoever filled in the form may not own it) and it is sent a link to manage them.
    Whatever the case, the address gets at most one email a day from the form (alerts/throttle.py)."""
    email = normalise_email(email)
    with transaction.atomic():
        if not throttle.claim(email):
            return Outcome.NOT_SENT_TODAY
        subscriber, created = Subscriber.objects.get_or_create(email=email)
        if subscriber.is_confirmed:
            mail.queue_already_subscribed(subscriber)
            return Outcome.MANAGE_LINK_SENT
        if not created:
            # Given again: the new link's 7 days start now, and so does the time before an unconfirmed address
            # is deleted (otherwise the clean-up could delete it while the new link is still valid).
            subscriber.created_at = timezone.now()
            subscriber.save(update_fields=["created_at"])
        set_subscriptions(subscriber, wanted)
        mail.queue_confirmation(subscriber)
        return Outcome.CONFIRMATION_SENT


def set_subscriptions(subscriber, wanted):
    """Make the subscriber's lists exactly `wanted` [(topic, category or None, frequency), ...], keeping the
    rows that stay (their created_at) and changing only what differs. A fixed number of queries."""
    current = {(row.topic, row.category_id): row for row in subscriber.subscriptions.all()}
    to_create, to_update, keep = [], [], set()
    for topic, category, frequency in wanted:
        key = (topic, category.pk if category else None)
        keep.add(key)
        row = current.get(key)
        if row is None:
            to_create.append(Subscription(subscriber=subscriber, topic=topic, category=category, frequency=frequency))
        elif row.frequency != frequency:
            row.frequency = frequency
            to_update.append(row)
    gone = [row.pk for key, row in current.items() if key not in keep]
    with transaction.atomic():
        if gone:
            Subscription.objects.filter(pk__in=gone).delete()
        if to_update:
            Subscription.objects.bulk_update(to_update, ["frequency"])
        if to_create:
            Subscription.objects.bulk_create(to_create)


def confirm(subscriber):
    """True when this confirmed the subscriber; False when it was confirmed already (a second click)."""
    now = timezone.now()
    done = Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(confirmed_at=now)
    if done:
        subscriber.confirmed_at = now
    return bool(done)


def cancel(subscriber):
    """Unsubscribe from everything: the address and its lists are deleted, and every link sent to it stops
    working. Nothing about it is kept (the form's one-a-day record holds only a hash)."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()
