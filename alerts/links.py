"""Signed links to a subscriber's pages, for emails and for the List-Unsubscribe header.

Each link carries [subscriber id, subscriber token], signed with SECRET_KEY and a salt per purpose, so a
confirmation link cannot be used as an unsubscribe link and the reverse. Nobody can make one without the
key. Confirmation links expire after ALERTS_CONFIRM_DAYS (unconfirmed subscribers are deleted then anyway);
manage and unsubscribe links last as long as the subscriber: cancelling deletes it, and with it its token,
so old links then say "not subscribed".

    from alerts.links import manage_url, unsubscribe_url
    manage_url(subscriber)       # "https://<SITE_DOMAIN>/alerts/manage/<signed>/"
    unsubscribe_url(subscriber)  # the same for /alerts/unsubscribe/…/ (GET: a button; POST: one click, RFC 8058)
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from localoffer.links import absolute_url

CONFIRM = "alerts.confirm"
MANAGE = "alerts.manage"
UNSUBSCRIBE = "alerts.unsubscribe"

MAX_ID = 2**63  # PostgreSQL bigint
URL_NAMES = {CONFIRM: "alerts:confirm", MANAGE: "alerts:manage", UNSUBSCRIBE: "alerts:unsubscribe"}


class LinkError(Exception):
    """A signed link that cannot be used. `reason` is what the page tells the visitor."""

    reason = "invalid"


class LinkInvalid(LinkError):
    """Not a link we made: mistyped, cut short by an email program, or tampered with."""


class LinkExpired(LinkError):
    """A confirmation link older than ALERTS_CONFIRM_DAYS."""

    reason = "expired"


class NotSubscribed(LinkError):
    """A link we made, for a subscriber that no longer exists (cancelled, or never confirmed and deleted)."""

    reason = "gone"


def max_age(purpose):
    """Seconds a link for this purpose is good for; None: as long as the subscriber exists."""
    if purpose == CONFIRM:
        return timedelta(days=settings.ALERTS_CONFIRM_DAYS).total_seconds()
    return None


def sign(subscriber, purpose):
    return signing.dumps([subscriber.pk, subscriber.token], salt=purpose)


def site_url(path):
    """An absolute address on the public site, for emails (made outside any request)."""
    return absolute_url(path)


def link_path(subscriber, purpose):
    return reverse(URL_NAMES[purpose], args=[sign(subscriber, purpose)])


def confirm_url(subscriber):
    return site_url(link_path(subscriber, CONFIRM))


def manage_url(subscriber):
    return site_url(link_path(subscriber, MANAGE))


def unsubscribe_url(subscriber):
    return site_url(link_path(subscriber, UNSUBSCRIBE))


def read(value, purpose):
    """The [id, token] a link for `purpose` carries. Raises LinkInvalid or LinkExpired."""
    try:
        payload = signing.loads(value, salt=purpose, max_age=max_age(purpose))
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, ValueError, TypeError, UnicodeError) as error:
        raise LinkInvalid from error
    if not (isinstance(payload, list) and len(payload) == 2):
        raise LinkInvalid
    pk, token = payload
    # Only we sign, so this is belt and braces: an id the database cannot hold must not reach a query.
    if type(pk) is not int or not 0 < pk < MAX_ID or type(token) is not str:
        raise LinkInvalid
    return payload


def subscriber_for(value, purpose, queryset=None):
    """The subscriber a signed link is for. Raises LinkInvalid, LinkExpired or NotSubscribed."""
    from .models import Subscriber

    pk, token = read(value, purpose)
    subscriber = (queryset if queryset is not None else Subscriber.objects).filter(pk=pk).first()
    if subscriber is None or not constant_time_compare(subscriber.token, token):
        raise NotSubscribed
    return subscriber
