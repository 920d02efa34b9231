"""At most one email a day from the subscribe form to any address, whoever fills the form in and how often.

Without it, anyone could use the form to send an address one confirmation email after another. The rate limit
per client (alerts/ratelimit.py) does not stop that: a flood can come from many addresses. So each address
we email is recorded, as a keyed hash (the address itself is not kept: the record outlives an unsubscribe), and
the form sends nothing more to it until a day has passed. Rows older than a day are deleted by the clean-up
(alerts/cleanup.py).
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import FormEmail, normalise_email

PERIOD = timedelta(days=1)


def digest(address):
    return salted_hmac("alerts.form-email", normalise_email(address), algorithm="sha256").hexdigest()


def claim(address, now=None):
    """True when the form may email this address now, and records that it did; False when it already did in the
    last day. Safe under concurrency: of two requests at once for one address, only one gets True."""
    now = now or timezone.now()
    key = digest(address)
    # A record older than a day is taken over by a conditional update: only one request can win it.
    if FormEmail.objects.filter(digest=key, sent_at__lte=now - PERIOD).update(sent_at=now):
        return True
    try:
        with transaction.atomic():
            FormEmail.objects.create(digest=key, sent_at=now)
    except IntegrityError:  # a record from the last day (or another request created it just now)
        return False
    return True


def expired(now=None):
    return FormEmail.objects.filter(sent_at__lte=(now or timezone.now()) - PERIOD)
