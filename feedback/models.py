"""Comments on the local offer and the council's published responses.

The raw comment, name and email are only ever shown to staff in the admin. The public register shows the
staff-written, anonymised "You said" summary and the "We did" response, nothing else.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

COMMENT_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 200
PAGE_MAX_LENGTH = 300


class Theme(models.Model):
    """A managed list of themes the register is grouped by (e.g. "Information about SEND units")."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class About(models.TextChoices):
    LOCAL_OFFER = "local-offer", "The local offer as a whole"
    PAGE = "page", "A page on this website"
    UNIT = "unit", "A SEND unit"
    ACCESSIBILITY = "accessibility", "How accessible our information is"
    MISSING = "missing", "Something that is missing"


class Role(models.TextChoices):
    PARENT = "parent", "A parent or carer"
    YOUNG_PERSON = "young-person", "A child or young person"
    PRACTITIONER = "practitioner", "A practitioner or professional"
    OTHER = "other", "Someone else"


class Status(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in-review", "In review"
    RESPONDED = "responded", "Responded"
    PUBLISHED = "published", "Published in the register"
    NOT_FOR_PUBLICATION = "not-for-publication", "Not for publication"


CLOSED_STATUSES = [Status.RESPONDED, Status.PUBLISHED, Status.NOT_FOR_PUBLICATION]


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"
    NO_ACTION = "no-action", "No change planned"


class SubmissionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, response_date__isnull=False)

    def register(self):
        """The public register: published entries, newest year first, then by theme. One query."""
        return (
            self.published()
            .select_related("theme")
            .only("id", "theme__name", "theme__slug", "you_said", "we_did", "action_status", "response_date")
            .order_by("-response_date__year", "theme__name", "-response_date", "id")
        )

    def personal_data_due_for_removal(self, now=None):
        """Closed submissions older than FEEDBACK_RETENTION_DAYS that still hold a name or an email."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.FEEDBACK_RETENTION_DAYS)
        return self.filter(status__in=CLOSED_STATUSES, created_at__lt=cutoff).exclude(name="", email="")


class Submission(models.Model):
    # What the person sent. Shown read-only to staff; never published as it is.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    about = models.CharField("what it is about", max_length=20, choices=About.choices)
    page_path = models.CharField("page", max_length=PAGE_MAX_LENGTH, blank=True)
    unit = models.ForeignKey(
        "units.SendUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
        verbose_name="SEND unit",
    )
    comment = models.TextField()
    role = models.CharField("who they are", max_length=20, choices=Role.choices)
    name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    email = models.EmailField(blank=True)
    reply_consent = models.BooleanField("agreed to be contacted for a reply", default=False)
    publish_consent = models.BooleanField("agreed an anonymised version may be published", default=False)
    notified_at = models.DateTimeField("staff notified", null=True, blank=True)
    personal_data_removed_at = models.DateTimeField("name and email removed", null=True, blank=True)
    is_example = models.BooleanField(default=False, help_text="A demonstration entry made by seed_site.")

    # Staff triage.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.PROTECT)
    you_said = models.TextField(
        "you said (anonymised summary)",
        blank=True,
        help_text="Written by staff for the public register. No names, schools, dates or details that could "
        "identify anyone. The comment itself is never published.",
    )
    we_did = models.TextField("we did (our response and action)", blank=True)
    action_status = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    response_date = models.DateField("date of our response", null=True, blank=True)
    staff_notes = models.TextField(blank=True, help_text="Internal notes. Never published.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "comment"
        permissions = [("publish_submission", "Can publish a comment and response in the register")]
        indexes = [models.Index(fields=["status", "response_date"])]

    def __str__(self):
        return f"Comment {self.pk} ({self.get_about_display().lower()})"

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES
