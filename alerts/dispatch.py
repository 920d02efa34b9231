"""Sending email alerts: immediate alerts and weekly digests, each item at most once to each subscriber.

What may be sent, and to whom:
- only to confirmed subscribers, only items that are public when the email is made (an article still published
  and its publication date come; a unit change still the unit's current status), and only items that became
  public after the subscriber confirmed and after the subscription was made: confirming never brings a flood
  of old news;
- an item matching one of the subscriber's "straight away" lists goes in an immediate email (all new items of
  one run in one email); an item only their weekly lists match waits for the weekly digest.

Exactly once: every email is recorded as one Delivery row per item it carries (unique per subscriber and item)
and, for digests, one Digest row (unique per subscriber and week), created in the same transaction as the
email's job row (jobs.mail.queue_email writes it in the caller's transaction): both exist, or neither. A second
run, a concurrent run or a run after a worker restart finds those rows and skips, or hits the unique
constraint and rolls back its own, email included.

Queries: subscribers are read in batches of BATCH_SIZE with their subscriptions and deliveries (three queries a
batch); each email then costs its own few writes. The items of a run are loaded once for every subscriber.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min, Prefetch, Q
from django.utils import timezone

from jobs.mail import queue_email
from news.models import ArticleContent
from units.models import SendUnit, Status

from .detect import detect_articles
from .emails import build_email
from .links import site_url
from .models import AlertItem, Delivery, Digest, Frequency, Subscriber, Subscription, Topic

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# A digest also carries items of the week before that no earlier digest carried (found a moment too late).
DIGEST_LOOKBACK = datetime.timedelta(days=7)


class AlertsNotSent(Exception):
    """Some subscribers' emails could not be made or queued; the next run tries them again."""


# What an email shows ------------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One line of an email: an article, or what changed for one unit. `items` are the AlertItems it stands
    for (several when a unit changed more than once since the subscriber last heard): all are recorded as
    delivered with it."""

    items: list
    kind: str
    title: str
    url: str
    summary: str = ""
    date: datetime.datetime | None = None
    categories: list = field(default_factory=list)
    category_ids: frozenset = frozenset()
    unit: SendUnit | None = None
    new_status: str = ""  # for units: the status it ended on
    description: str = ""  # for units: what changed, in a sentence
    place: str = ""  # for units: school, town and district

    @property
    def is_article(self):
        return self.kind == AlertItem.Kind.ARTICLE

    @property
    def public_at(self):
        return self.items[-1].public_at


def load_entries(items, now):
    """One entry per item that may still be sent: articles still public, changes of units that still exist
    (three queries at most). Shared by every subscriber of a run; `entries_for` picks and words each one's."""
    items = list(items)
    contents = articles_public_now([item.article_id for item in items if item.article_id], now)
    units = SendUnit.objects.select_related("district").in_bulk([item.unit_id for item in items if item.unit_id])
    entries = []
    for item in items:
        if item.kind == AlertItem.Kind.ARTICLE:
            entry = article_entry(item, contents.get(item.article_id))
        else:
            unit = units.get(item.unit_id)
            entry = Entry(items=[item], kind=item.kind, title="", url="", unit=unit) if unit else None
        if entry is not None:
            entries.append(entry)
    return entries


def articles_public_now(article_ids, now):
    if not article_ids:
        return {}
    contents = (
        ArticleContent.objects.published(now)
        .filter(article_id__in=article_ids)
        .select_related("article")
        .prefetch_related("article__categories")
    )
    return {content.article_id: content for content in contents}


def article_entry(item, content):
    if content is None:  # unpublished since, or never public: say nothing
        return None
    categories = list(content.article.categories.all())
    return Entry(
        items=[item],
        kind=item.kind,
        title=content.title,
        url=site_url(content.get_absolute_url()),
        summary=content.summary,
        date=content.publication_date,
        categories=[category.name for category in categories],
        category_ids=frozenset(category.pk for category in categories),
    )


def unit_entry(unit, items):
    """What changed for `unit` over `items` (its changes in order), from the status before the first to the
    status it has now; None if, for the public, nothing did: set back to what it was, or never listed."""
    before = items[0].old_status or None  # None: not in the directory (a new unit)
    if before == Status.CLOSED:
        before = None  # a closed unit is not listed either: re-opening it makes it new to the public
    after = unit.status
    if before == after or (before is None and after == Status.CLOSED):
        return None
    if before is None:
        kind, description = (
            AlertItem.Kind.UNIT_ADDED,
            f"New in the SEND unit directory. Status: {unit.get_status_display()}.",
        )
    elif after == Status.CLOSED:
        kind, description = (
            AlertItem.Kind.UNIT_STATUS,
            "This unit has closed. It is no longer listed in the SEND unit directory.",
        )
    else:
        kind = AlertItem.Kind.UNIT_STATUS
        description = f"Status changed from {Status(before).label} to {unit.get_status_display()}."
    # A closed unit's page is gone: point to the directory instead.
    path = "/send-units/" if after == Status.CLOSED else unit.get_absolute_url()
    return Entry(
        items=items,
        kind=kind,
        title=unit.name,
        url=site_url(path),
        unit=unit,
        new_status=after,
        description=description,
        place=", ".join(part for part in (unit.school_name, unit.town, unit.district.name) if part),
    )


def entries_for(subscriber, entries, delivered, choose):
    """The entries of this subscriber's email: what `choose` picks that they have not had, with each unit's
    changes worded as one."""
    chosen, unit_items = [], {}
    for entry in entries:
        (item,) = entry.items
        if (subscriber.pk, item.pk) in delivered or not choose(subscriber, entry):
            continue
        if entry.is_article:
            chosen.append(entry)
        else:
            unit_items.setdefault(entry.unit.pk, (entry.unit, []))[1].append(item)
    for unit, items in unit_items.values():
        entry = unit_entry(unit, items)
        if entry is not None:
            chosen.append(entry)
    return chosen


# Who wants what ------------------------------------------------------------------------------------------------


def subscription_matches(subscription, entry):
    if not entry.is_article:
        return subscription.topic == Topic.UNITS
    if subscription.topic == Topic.ALL_NEWS:
        return True
    return subscription.topic == Topic.NEWS_CATEGORY and subscription.category_id in entry.category_ids


def wants(subscriber, entry, frequency):
    """True if one of the subscriber's lists of this frequency covers the entry, and the entry became public
    after that list started (confirmation, or the subscription itself if made later)."""
    return any(
        subscription.frequency == frequency
        and subscription_matches(subscription, entry)
        and entry.public_at >= max(subscriber.confirmed_at, subscription.created_at)
        for subscription in subscriber.subscriptions.all()
    )


def subscribers_for(entries, frequency):
    """Confirmed subscribers with a list of this frequency that some entry could match."""
    topics = Q(pk__in=[])
    if any(not entry.is_article for entry in entries):
        topics |= Q(topic=Topic.UNITS)
    if any(entry.is_article for entry in entries):
        category_ids = set().union(*(entry.category_ids for entry in entries if entry.is_article))
        topics |= Q(topic=Topic.ALL_NEWS) | Q(topic=Topic.NEWS_CATEGORY, category_id__in=category_ids)
    lists = Subscription.objects.filter(topics, frequency=frequency)
    latest = max(entry.public_at for entry in entries)
    return Subscriber.objects.confirmed().filter(confirmed_at__lte=latest, pk__in=lists.values("subscriber_id"))


def batches(subscribers):
    """The subscribers in pages of BATCH_SIZE by id, with their subscriptions (two queries a page)."""
    with_lists = Prefetch("subscriptions", queryset=Subscription.objects.select_related("category"))
    last = 0
    while True:
        batch = list(subscribers.filter(pk__gt=last).order_by("pk").prefetch_related(with_lists)[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def already_delivered(batch, entries):
    """{(subscriber id, item id)} of the batch's deliveries among these entries, in one query."""
    return set(
        Delivery.objects.filter(subscriber__in=batch, item__in=[entry.items[0] for entry in entries]).values_list(
            "subscriber_id", "item_id"
        )
    )


# Sending -------------------------------------------------------------------------------------------------------


def deliver(subscriber, entries, now, week=None):
    """Record the email and queue it, in one transaction. False if another run has already sent it."""
    message = build_email(subscriber, entries, week=week)
    try:
        with transaction.atomic():
            digest = (
                Digest.objects.create(subscriber=subscriber, week_start=week.start, queued_at=now) if week else None
            )
            Delivery.objects.bulk_create(
                [
                    Delivery(subscriber=subscriber, item=item, digest=digest, queued_at=now)
                    for entry in entries
                    for item in entry.items
                ]
            )
            queue_email(message)
    except IntegrityError:
        logger.info("Alert email to subscriber %s already recorded by another run; skipped.", subscriber.pk)
        return False
    return True


def send_to_each(subscribers, entries, choose, now, week=None):
    """Send each subscriber the entries `choose(subscriber, entry)` picks and they have not had. Returns
    (emails queued, subscribers that failed)."""
    sent, failed = 0, []
    for batch in batches(subscribers):
        delivered = already_delivered(batch, entries)
        for subscriber in batch:
            chosen = entries_for(subscriber, entries, delivered, choose)
            if not chosen:
                continue
            try:
                sent += deliver(subscriber, chosen, now, week=week)
            except Exception:
                # One bad email must not hold up everyone else's; the task fails afterwards, visibly.
                logger.exception("Alert email to subscriber %s could not be queued.", subscriber.pk)
                failed.append(subscriber.pk)
    return sent, failed


def send_immediate(now=None):
    """Find what became public and email it to the subscribers who want it straight away."""
    now = now or timezone.now()
    detect_articles(now)
    pending = AlertItem.objects.filter(dispatched_at__isnull=True, public_at__lte=now)
    # Public before anyone now subscribed had confirmed (years of news, on the first run): nobody's to send.
    earliest = Subscriber.objects.confirmed().aggregate(first=Min("confirmed_at"))["first"]
    too_old = pending.filter(public_at__lt=earliest) if earliest else pending
    skipped = too_old.update(dispatched_at=now)
    items = list(pending.filter(dispatched_at__isnull=True).order_by("public_at", "pk"))
    if not items:
        return {"items": skipped, "emails": 0}
    entries = load_entries(items, now)
    sent, failed = 0, []
    if entries:

        def choose(subscriber, entry):
            return wants(subscriber, entry, Frequency.IMMEDIATE)

        sent, failed = send_to_each(subscribers_for(entries, Frequency.IMMEDIATE), entries, choose, now)
    if failed:
        raise AlertsNotSent(f"Immediate alerts failed for subscribers {failed}; {sent} emails were queued.")
    # Done with these items, including those no longer public: they are not sent later either.
    AlertItem.objects.filter(pk__in=[item.pk for item in items]).update(dispatched_at=now)
    return {"items": skipped + len(items), "emails": sent}


@dataclass(frozen=True)
class Week:
    start: datetime.date  # the Monday
    begins: datetime.datetime  # Monday 00:00, local time
    ends: datetime.datetime  # the next Monday 00:00

    @property
    def last_day(self):
        return self.start + datetime.timedelta(days=6)


def week_of(day):
    start = day - datetime.timedelta(days=day.weekday())
    begins = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    ends = timezone.make_aware(datetime.datetime.combine(start + datetime.timedelta(days=7), datetime.time.min))
    return Week(start=start, begins=begins, ends=ends)


def digest_week(now):
    """The last complete week (Monday to Sunday, local time), once its digest is due: from ALERTS_DIGEST_HOUR
    on the Monday after it. None before that."""
    last_week = week_of(timezone.localdate(now) - datetime.timedelta(days=7))
    due = last_week.ends + datetime.timedelta(hours=settings.ALERTS_DIGEST_HOUR)
    return last_week if now >= due else None


def send_digests(now=None):
    """Each weekly subscriber's digest of the last complete week, once, if it has anything in it."""
    now = now or timezone.now()
    week = digest_week(now)
    if week is None:
        return {"week": None, "emails": 0}
    detect_articles(now)
    items = AlertItem.objects.filter(public_at__gte=week.begins - DIGEST_LOOKBACK, public_at__lt=week.ends)
    entries = load_entries(items.order_by("public_at", "pk"), now)
    if not entries:
        return {"week": str(week.start), "emails": 0}

    def choose(subscriber, entry):
        # An item the immediate job has still to send, to someone who wants it straight away, is left to it.
        waiting = entry.items[0].dispatched_at is None and wants(subscriber, entry, Frequency.IMMEDIATE)
        return wants(subscriber, entry, Frequency.WEEKLY) and not waiting

    subscribers = (
        subscribers_for(entries, Frequency.WEEKLY)
        .filter(confirmed_at__lt=week.ends)
        .exclude(pk__in=Digest.objects.filter(week_start=week.start).values("subscriber_id"))
    )
    sent, failed = send_to_each(subscribers, entries, choose, now, week=week)
    if failed:
        raise AlertsNotSent(f"Weekly digests failed for subscribers {failed}; {sent} emails were queued.")
    return {"week": str(week.start), "emails": sent}
