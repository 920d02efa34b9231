"""Subscriber numbers per list, for staff (the admin's "Subscriber counts"). Numbers only: no addresses."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from news.models import Category

from .models import Frequency, Subscriber, Subscription, Topic


@dataclass
class ListCount:
    name: str
    immediate: int = 0  # confirmed, straight away
    weekly: int = 0  # confirmed, weekly summary
    pending: int = 0  # not confirmed yet: nothing is sent to them
    key: tuple = field(default=(), repr=False)

    @property
    def confirmed(self):
        return self.immediate + self.weekly


def list_counts():
    """[ListCount, ...]: all news, every news category (with or without subscribers), SEND units.
    Three queries whatever the numbers."""
    rows = [ListCount("All news", key=(Topic.ALL_NEWS, None))]
    rows += [ListCount(f"News: {c.name}", key=(Topic.NEWS_CATEGORY, c.pk)) for c in Category.objects.only("name")]
    rows.append(ListCount("Changes in the SEND unit directory", key=(Topic.UNITS, None)))
    by_key = {row.key: row for row in rows}
    confirmed = Q(subscriber__confirmed_at__isnull=False)
    tallies = Subscription.objects.values("topic", "category_id", "frequency").annotate(
        confirmed=Count("id", filter=confirmed), pending=Count("id", filter=~confirmed)
    )
    for tally in tallies.order_by():
        row = by_key.get((tally["topic"], tally["category_id"]))
        if row is None:
            continue
        if tally["frequency"] == Frequency.WEEKLY:
            row.weekly += tally["confirmed"]
        else:
            row.immediate += tally["confirmed"]
        row.pending += tally["pending"]
    return rows


def subscriber_totals():
    """{"confirmed": n, "pending": m}: addresses, each counted once whatever its lists."""
    return Subscriber.objects.aggregate(
        confirmed=Count("id", filter=Q(confirmed_at__isnull=False)),
        pending=Count("id", filter=Q(confirmed_at__isnull=True)),
    )
