"""SEND units: specialist bases inside mainstream schools, and the figures the Partnership publishes about them."""

import re
from urllib.parse import urlencode

from cms.models.fields import PlaceholderRelationField
from cms.utils.placeholder import get_placeholder_from_slot
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from search.synonyms import matching_q

# The UK postcode format (GOV.UK's pattern, without the special-case BFPO/GIR codes).
POSTCODE_RE = r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$"
STALE_AFTER_DAYS = 365
SEARCH_FIELDS = ["name", "school_name", "town", "postcode", "district__name", "need__name", "age_range", "description"]
MAX_SEARCH_WORDS = 10


class District(models.Model):
    """One of Lancashire's twelve districts. A managed list, so filters never show a misspelling."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    # A rename changes every unit in the district as the API shows it (units/signals.py moves their modified_at).
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BroadArea(models.TextChoices):
    """The four broad areas of need in the SEND Code of Practice 2015 (section 6.28)."""

    COMMUNICATION = "communication-and-interaction", "Communication and interaction"
    COGNITION = "cognition-and-learning", "Cognition and learning"
    SEMH = "social-emotional-and-mental-health", "Social, emotional and mental health"
    SENSORY_PHYSICAL = "sensory-and-physical", "Sensory and/or physical"


class Need(models.Model):
    """A need a unit specialises in, filed under one Code of Practice broad area."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    broad_area = models.CharField(max_length=40, choices=BroadArea.choices)
    description = models.TextField(blank=True)
    # A change shows in every unit with this need as the API shows it (units/signals.py moves their modified_at).
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Phase(models.TextChoices):
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all-through", "All-through"


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPENING = "opening", "Opening soon"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class SendUnitQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Status.OPEN)

    def due_to_open(self):
        return self.filter(status__in=[Status.PLANNED, Status.OPENING])

    def public(self):
        return self.exclude(status=Status.CLOSED)

    def for_listing(self):
        return self.select_related("district", "need")

    def search(self, text):
        """Units matching every word (up to MAX_SEARCH_WORDS) of the text, or a synonym of it ("autism" finds
        the social communication units: search/synonyms.py), somewhere in SEARCH_FIELDS.

        Each word is one LIKE on the stored, lower-cased search_text: an OR of case-insensitive matches per
        field and word took 85 ms over 10,000 units on PostgreSQL (twice a page: the rows and the count).
        """
        return self.filter(matching_q(text, ["search_text"], max_terms=MAX_SEARCH_WORDS))

    def summary(self):
        """Counts and known places, in one query."""
        return self.aggregate(
            open_units=Count("pk", filter=Q(status=Status.OPEN)),
            due_units=Count("pk", filter=Q(status__in=[Status.PLANNED, Status.OPENING])),
            open_units_with_places=Count("pk", filter=Q(status=Status.OPEN, places__isnull=False)),
            open_places=Sum("places", filter=Q(status=Status.OPEN)),
        )


class SendUnit(models.Model):
    name = models.CharField("unit name", max_length=200, help_text="For example: Barden Primary School SEND unit")
    school_name = models.CharField("host school", max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="The last part of the unit's web address.")
    urn = models.CharField(
        "school URN",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "A URN is the school's 6-digit unique reference number.")],
        help_text="Optional. The 6-digit unique reference number from Get Information about Schools.",
    )
    address = models.TextField(blank=True, help_text="Street address, without the town and postcode.")
    town = models.CharField(max_length=100)
    postcode = models.CharField(
        max_length=8,
        blank=True,
        validators=[RegexValidator(POSTCODE_RE, "Enter a real UK postcode, like PR1 8XJ.", flags=re.IGNORECASE)],
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="units")
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(49), MaxValueValidator(61)],
        help_text="Optional. Between 49 and 61 (the UK).",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-9), MaxValueValidator(2)],
        help_text="Optional. Between -9 and 2 (the UK).",
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    age_range = models.CharField(max_length=60, blank=True, help_text="For example: Reception to Year 6.")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="units")
    places = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty when the number of places is not known."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    opening_date = models.DateField(
        null=True,
        blank=True,
        help_text="The month the unit opened or will open (the day is ignored).",
    )
    expected_opening = models.CharField(
        max_length=60, blank=True, help_text="When no date is fixed yet, for example: Autumn term 2024."
    )
    contact_name = models.CharField(max_length=100, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, help_text="A short description: a few plain sentences.")
    last_checked = models.DateField(
        null=True, blank=True, help_text="When staff last confirmed these details with the school."
    )
    review_by = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When these details must next be checked. Left empty, it is set to six months after the last "
        "check (or after the unit is added); a new check date moves it on.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # When anything the Open Referral API shows of this unit last changed: the record itself (auto_now), or its
    # district or need (units/signals.py). The API's `last_modified` and `modified_after` use it.
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    placeholders = PlaceholderRelationField()
    # SEARCH_FIELDS in one lower-cased text, kept by save() and by District/Need renames (units/signals.py).
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = SendUnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "SEND unit"
        # The list is ordered by name (or town, or opening date) and filtered by status: keep the first page of
        # 10,000 units an index scan rather than a sort.
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["town", "name"]),
            models.Index(fields=["opening_date", "name"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("units:detail", kwargs={"slug": self.slug})

    def build_search_text(self):
        values = []
        for path in SEARCH_FIELDS:
            value = self
            for part in path.split("__"):
                value = getattr(value, part, None) if value is not None else None
            values.append(str(value or ""))
        return " ".join(values).lower()

    def get_template(self):
        return "units/unit_detail.html"

    @cached_property
    def content_placeholder(self):
        return get_placeholder_from_slot(self.placeholders, "content")

    @property
    def map_url(self):
        """A plain link to OpenStreetMap: the exact point when known, else a search for the school."""
        if self.latitude is not None and self.longitude is not None:
            return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=16/{self.latitude}/{self.longitude}"
        place = f"{self.school_name}, {self.postcode or self.town}"
        return f"https://www.openstreetmap.org/search?{urlencode({'query': place})}"

    @property
    def is_stale(self):
        if self.last_checked is None:
            return True
        return (timezone.localdate() - self.last_checked).days > STALE_AFTER_DAYS

    def clean(self):
        if self.postcode:
            self.postcode = normalise_postcode(self.postcode)
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both latitude and longitude, or neither.")
        if self.status in (Status.OPEN, Status.CLOSED) and not self.opening_date:
            raise ValidationError({"opening_date": "An open or closed unit needs the month it opened."})
        if self.opening_date:
            self.opening_date = self.opening_date.replace(day=1)


def normalise_postcode(value):
    compact = value.upper().replace(" ", "")
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


class Figure(models.Model):
    """A published capacity or pipeline figure ("88 more places by 2024/25"), kept up to date by staff.

    Figures the unit records can not give (the Partnership's own total of places, places still under
    consideration) live here rather than in a template.
    """

    class Kind(models.TextChoices):
        OPEN_PLACES = "open-places", "Places in open units"
        DUE_TO_OPEN = "due-to-open", "Units due to open"
        NEW_PLACES = "new-places", "More places expected"
        UNDER_CONSIDERATION = "under-consideration", "Places under consideration"

    kind = models.CharField(max_length=30, choices=Kind.choices, unique=True)
    value = models.PositiveIntegerField()
    period = models.CharField(
        max_length=100, blank=True, help_text="For example: by the start of the 2024/25 academic year."
    )
    source = models.CharField(max_length=200, blank=True, help_text="Where the figure comes from.")
    as_of = models.DateField(null=True, blank=True, help_text="When the figure was published or last confirmed.")

    class Meta:
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"
