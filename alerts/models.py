"""Email alerts: who asked for which emails.

A Subscriber is one email address. Nothing but the confirmation email is ever sent to it until
`confirmed_at` is set (double opt-in); unconfirmed subscribers are deleted after ALERTS_CONFIRM_DAYS.
Each Subscription is one list the address gets (all news, the news of one category, or changes in the SEND
unit directory), straight away or in a weekly digest.

Signed links in emails (alerts/links.py) carry the subscriber's id and its random `token`: cancelling
deletes the subscriber, so every link ever sent to it stops working, and a later subscriber that reuses
the same id (SQLite can) has a different token.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_token():
    return secrets.token_urlsafe(24)


def normalise_email(address):
    """One form of an address, so "Ann@Example.org" and "ann@example.org " are the same subscriber.

    The whole address is lower-cased: the part before the @ is case-sensitive in theory, but no mail service
    people use treats it so, and a second subscriber for the same inbox would mean duplicate emails.
    """
    return (address or "").strip().lower()


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)

    def expired_pending(self, now=None):
        """Unconfirmed for longer than the confirmation link lasts: deleted by the clean-up job."""
        cutoff = (now or timezone.now()) - timedelta(days=settings.ALERTS_CONFIRM_DAYS)
        return self.pending().filter(created_at__lt=cutoff)

    def for_email(self, address):
        return self.filter(email=normalise_email(address))


class Subscriber(models.Model):
    email = models.EmailField(max_length=254, unique=True, help_text="Stored lower-case.")
    # The per-subscriber secret inside every signed link. Never shown; replaced only by deleting the subscriber.
    token = models.CharField(max_length=64, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the address owner followed the confirmation link. Empty: pending."
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Topic(models.TextChoices):
    ALL_NEWS = "all_news", "All news"
    NEWS_CATEGORY = "news_category", "News in a category"
    UNITS = "units", "Changes in the SEND unit directory"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Straight away"
    WEEKLY = "weekly", "Weekly summary"


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Subscriptions whose address has been confirmed: the only ones anything may be sent for."""
        return self.filter(subscriber__confirmed_at__isnull=False)


class Subscription(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    # Only for NEWS_CATEGORY. Deleting a category ends its subscriptions.
    category = models.ForeignKey(
        "news.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="alert_subscriptions"
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "id"]
        constraints = [
            models.CheckConstraint(
                name="alerts_subscription_category_iff_category_topic",
                condition=(Q(topic=Topic.NEWS_CATEGORY) & Q(category__isnull=False))
                | (~Q(topic=Topic.NEWS_CATEGORY) & Q(category__isnull=True)),
            ),
            models.UniqueConstraint(
                fields=["subscriber", "topic"],
                condition=Q(category__isnull=True),
                name="alerts_subscription_one_per_topic",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "category"],
                condition=Q(category__isnull=False),
                name="alerts_subscription_one_per_category",
            ),
        ]

    def __str__(self):
        return f"{self.describe()} ({self.get_frequency_display().lower()})"

    def describe(self):
        if self.topic == Topic.NEWS_CATEGORY:
            return f"News: {self.category.name}"
        return self.get_topic_display()


class FormEmail(models.Model):
    """An address the subscribe form sent an email to (a confirmation, or "you are already subscribed"),
    kept for a day so that nobody can make us email any address more than once a day.

    Only a keyed hash of the address is stored (alerts/throttle.py), never the address: the row outlives an
    unsubscribe, and must not keep the address that just asked us to forget it.
    """

    digest = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField()

    def __str__(self):
        return f"{self.digest[:12]}… at {self.sent_at:%Y-%m-%d %H:%M}"


# What was sent (the sending side: alerts/detect.py, alerts/dispatch.py) -----------------------------------------


class AlertItem(models.Model):
    """Something that became public and may be worth an email: a news article (one item per article, the first
    time it is public), a SEND unit added to the directory, or a unit's status changing.

    Articles are found by the send jobs (a scheduled article becomes public at its publication time, with no
    event to hook); unit changes are recorded by signals in the same transaction as the save (alerts/detect.py).
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", "News article"
        UNIT_ADDED = "unit-added", "SEND unit added"
        UNIT_STATUS = "unit-status", "SEND unit status changed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    article = models.OneToOneField(
        "news.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="alert_item"
    )
    unit = models.ForeignKey(
        "units.SendUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="alert_items"
    )
    old_status = models.CharField(max_length=10, blank=True)
    new_status = models.CharField(max_length=10, blank=True)
    public_at = models.DateTimeField(db_index=True, help_text="When the public could first see it.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    dispatched_at = models.DateTimeField(
        null=True, blank=True, help_text="When its immediate alerts were sent. Empty: the next run sends them."
    )

    class Meta:
        ordering = ["public_at", "pk"]
        indexes = [
            models.Index(fields=["public_at"], condition=Q(dispatched_at__isnull=True), name="alerts_item_pending"),
        ]
        constraints = [
            models.CheckConstraint(
                name="alerts_item_article_or_unit",
                condition=(Q(kind="article") & Q(article__isnull=False) & Q(unit__isnull=True))
                | (~Q(kind="article") & Q(article__isnull=True) & Q(unit__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.public_at:%Y-%m-%d %H:%M}"


class Digest(models.Model):
    """A weekly digest email: one per subscriber and week, ever."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="digests")
    week_start = models.DateField(help_text="The Monday of the week it covers.")
    queued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week_start", "pk"]
        constraints = [models.UniqueConstraint(fields=["subscriber", "week_start"], name="alerts_digest_once_a_week")]

    def __str__(self):
        return f"Digest of the week of {self.week_start}"


class Delivery(models.Model):
    """An item handed to the mail queue for a subscriber, in an immediate alert or in a digest: once, ever."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    item = models.ForeignKey(AlertItem, on_delete=models.CASCADE, related_name="deliveries")
    digest = models.ForeignKey(Digest, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    queued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["subscriber", "item"], name="alerts_delivery_once")]

    def __str__(self):
        return f"Item {self.item_id} to subscriber {self.subscriber_id}"
