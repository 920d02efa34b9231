"""Strategies and plans, and the documents published with them.

- ``StrategyDetails``: a page-content extension (edited from the CMS toolbar, **Page → Strategy or plan
  details**) that makes a CMS page a strategy or plan: kind, status, period, dates, feedback contact and what
  replaced it. ``StrategyDetails.objects.published()`` is the one place that says which strategies the
  public sees (search and other lists reuse it).
- ``FileFacts``: what a filer file really is (type from its bytes, size, PDF page count), computed once when
  it is uploaded or replaced, so pages and downloads never need to open the file to describe it.
- ``Document``: the attachment block (a CMS plugin) for one file or external link, with an optional easy read
  or other accessible version. It keeps a copy of the facts so rendering a page reads no files and makes no
  extra queries per document.
"""

from cms.extensions import PageContentExtension, extension_pool
from cms.models import CMSPlugin, Page
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import get_valid_filename, slugify
from djangocms_versioning.constants import PUBLISHED
from filer.fields.file import FilerFileField
from filer.models import File

from . import validation


class StrategyQuerySet(models.QuerySet):
    def published(self, language=None):
        """Strategy details of published, public page contents in one language: what the public may see."""
        language = language or settings.LANGUAGE_CODE
        return self.filter(
            extended_object__versions__state=PUBLISHED,
            extended_object__language=language,
            extended_object__page__login_required=False,
            extended_object__page__site_id=settings.SITE_ID,
        )

    def for_listing(self):
        return self.select_related("extended_object__page", "superseded_by").order_by(
            "-start_year", "extended_object__title"
        )


class StrategyDetails(PageContentExtension):
    class Kind(models.TextChoices):
        STRATEGY = "strategy", "Strategy"
        PLAN = "plan", "Plan"
        RESPONSE = "response", "Response"
        OTHER = "other", "Other document"

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        IN_DEVELOPMENT = "in-development", "In development or consultation"
        SUPERSEDED = "superseded", "Superseded"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STRATEGY)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CURRENT, db_index=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="First year it covers, e.g. 2023.")
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Last year it covers, e.g. 2025.")
    last_updated = models.DateField(
        null=True, blank=True, help_text="When the strategy or its documents last changed (shown to the public)."
    )
    feedback_contact = models.EmailField(
        blank=True, help_text="Email address for feedback about it. Leave empty to point people to the contact page."
    )
    superseded_by = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a superseded strategy: the page of the one that replaced it.",
    )

    objects = StrategyQuerySet.as_manager()

    class Meta:
        verbose_name = "strategy or plan details"
        verbose_name_plural = "strategy or plan details"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.extended_object}"

    def clean(self):
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = "The last year cannot be before the first year."
        for field in ("start_year", "end_year"):
            year = getattr(self, field)
            if year is not None and not 1990 <= year <= 2100:
                errors[field] = "Give a four-digit year, e.g. 2023."
        if self.superseded_by_id and self.status != self.Status.SUPERSEDED:
            errors["superseded_by"] = "Only a superseded strategy has a replacement: set the status to Superseded."
        if self.superseded_by_id and self.extended_object_id and self.superseded_by_id == self.extended_object.page_id:
            errors["superseded_by"] = "A strategy cannot replace itself."
        if errors:
            raise ValidationError(errors)

    @property
    def period(self):
        """Read out well: "2023 to 2025" rather than "2023-2025"."""
        if self.start_year and self.end_year and self.start_year != self.end_year:
            return f"{self.start_year} to {self.end_year}"
        return str(self.start_year or self.end_year or "")

    @property
    def is_superseded(self):
        return self.status == self.Status.SUPERSEDED


extension_pool.register(StrategyDetails)


class FileFacts(models.Model):
    """What a filer file is, from its content: detected type, size and PDF page count."""

    file = models.OneToOneField(File, on_delete=models.CASCADE, primary_key=True, related_name="document_facts")
    mime_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    page_count = models.PositiveIntegerField(null=True, blank=True)
    sha1 = models.CharField(max_length=40, blank=True, help_text="Of the file the facts were computed from.")

    class Meta:
        verbose_name = "file facts"
        verbose_name_plural = "file facts"
        # Held by Publishers: change or delete files that published content uses, mark files public
        # (documents/visibility.py, documents/filer_admin.py).
        permissions = [("publish_file", "Can change files used by published content and mark files public")]

    def __str__(self):
        return f"{self.file_id}: {self.mime_type}, {self.size} bytes"

    @classmethod
    def for_file(cls, filer_file):
        """The facts of a filer file, computed from its content if they are missing or out of date.
        Raises FileValidationError if the file is not one we publish."""
        facts = cls.objects.filter(file=filer_file).first()
        if facts and facts.sha1 == (filer_file.sha1 or ""):
            return facts
        with filer_file.file.open("rb") as handle:
            detected = validation.inspect(filer_file.original_filename or filer_file.file.name, handle)
        facts, _ = cls.objects.update_or_create(
            file=filer_file,
            defaults={
                "mime_type": detected.mime_type,
                "size": detected.size,
                "page_count": detected.page_count,
                "sha1": filer_file.sha1 or "",
            },
        )
        return facts


def safe_filename(name):
    """A download name with no path, quotes or control characters: "SEND Plan.pdf" -> "SEND_Plan.pdf"."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = slugify(stem)[:80] or "document"
    extension = get_valid_filename(extension).lower()[:10] if extension else ""
    return f"{stem}.{extension}" if extension else stem


def human_size(size):
    """GOV.UK style: "850 bytes", "101 KB", "2.4 MB"."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class Document(CMSPlugin):
    """One published document: a file uploaded through filer, or a link to a document published elsewhere."""

    class AlternativeKind(models.TextChoices):
        EASY_READ = "easy-read", "Easy read version"
        LARGE_PRINT = "large-print", "Large print version"
        ACCESSIBLE = "accessible", "Accessible version"
        AUDIO = "audio", "Audio version"

    title = models.CharField(max_length=200, help_text="What the document is, e.g. 'SEND Plan 2021 to 2025'.")
    file = FilerFileField(
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Upload or choose the file."
    )
    external_url = models.URLField(
        blank=True, help_text="Or, for a document published on another website (e.g. GOV.UK), its address."
    )
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who publishes it, e.g. 'the Department for Education'. Shown for documents published elsewhere.",
    )
    alternative_kind = models.CharField(
        "other version",
        max_length=20,
        choices=AlternativeKind.choices,
        blank=True,
        help_text="Leave empty if there is no easy read or other version.",
    )
    alternative_file = FilerFileField(
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="An easy read or other version."
    )
    alternative_url = models.URLField(blank=True, help_text="Or the address of that version on another website.")
    # Copied from FileFacts when saved, so rendering reads no files and makes no queries.
    file_name = models.CharField(max_length=255, blank=True, editable=False)
    file_mime_type = models.CharField(max_length=120, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    file_pages = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alternative_name = models.CharField(max_length=255, blank=True, editable=False)
    alternative_mime_type = models.CharField(max_length=120, blank=True, editable=False)
    alternative_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    alternative_pages = models.PositiveIntegerField(null=True, blank=True, editable=False)

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.file_id and self.external_url:
            errors["external_url"] = "Choose a file or give the address of a document published elsewhere, not both."
        elif not (self.file_id or self.external_url or self.publisher):
            errors["file"] = (
                "Choose a file, or give the address of a document published elsewhere, or (with no address) who "
                "publishes it."
            )
        if self.alternative_file_id and self.alternative_url:
            errors["alternative_url"] = "Choose a file or give an address for the other version, not both."
        has_alternative = self.alternative_file_id or self.alternative_url
        if has_alternative and not self.alternative_kind:
            errors["alternative_kind"] = "Say what kind of version it is, e.g. easy read."
        if self.alternative_kind and not has_alternative and not self.publisher:
            errors["alternative_file"] = "Choose the file of that version, or give its address."
        for field in ("file", "alternative_file"):
            filer_file = getattr(self, field)
            if filer_file is not None:
                try:
                    FileFacts.for_file(filer_file)
                except ValidationError as error:
                    errors.setdefault(field, error.messages[0])
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.refresh_facts()
        super().save(*args, **kwargs)

    def refresh_facts(self):
        """Copy the facts of the chosen files onto the block. A file that cannot be read now (moved out of
        storage) keeps the facts the block already has, so copying a page into a new draft never fails."""
        for prefix, field in (("file", "file"), ("alternative", "alternative_file")):
            filer_file = getattr(self, field)
            facts = None
            if filer_file is not None:
                try:
                    facts = FileFacts.for_file(filer_file)
                except (ValidationError, OSError):
                    continue
            name = safe_filename(filer_file.original_filename or filer_file.label) if facts else ""
            setattr(self, f"{prefix}_name", name)
            setattr(self, f"{prefix}_mime_type", facts.mime_type if facts else "")
            setattr(self, f"{prefix}_size", facts.size if facts else None)
            setattr(self, f"{prefix}_pages", facts.page_count if facts else None)

    def main_link(self):
        return attachment(
            self.title,
            self.file_id,
            self.file_name,
            self.file_mime_type,
            self.file_size,
            self.file_pages,
            self.external_url,
        )

    def alternative_link(self):
        """The easy read (or other) version: a link, or only a mention when it is published elsewhere and we
        have no address for it."""
        if not self.alternative_kind:
            return None
        label = self.get_alternative_kind_display() or "Accessible version"
        return attachment(
            f"{self.title}: {label.lower()}",
            self.alternative_file_id,
            self.alternative_name,
            self.alternative_mime_type,
            self.alternative_size,
            self.alternative_pages,
            self.alternative_url,
        )


def attachment(title, file_id, name, mime_type, size, pages, external_url):
    """The facts a template shows for one link: for files, "PDF, 101 KB, 12 pages"."""
    if not file_id:
        return {"title": title, "url": external_url, "external": True, "details": ""}
    fmt = validation.BY_MIME.get(mime_type)
    parts = [fmt.label if fmt else "File", human_size(size)]
    if pages:
        parts.append(f"{pages} page" + ("s" if pages != 1 else ""))
    return {
        "title": title,
        "url": f"/documents/{file_id}/{name}",
        "external": False,
        "details": ", ".join(part for part in parts if part),
        "format": fmt.label if fmt else "File",
        "size": human_size(size),
        "pages": pages,
    }


# The Image block lives in its own module; importing it here registers the model with the app.
from .images import ImageBlock  # noqa: E402,F401
