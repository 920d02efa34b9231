"""What became public, recorded as AlertItem rows for the alert emails (alerts/dispatch.py sends them).

- **Articles** are found by `detect_articles()`, run at the start of every send job: an article is public once
  it has a published version whose publication date has come (`Article.objects.published()`). A scheduled
  article has no event at that moment, so looking is the only way to catch it; one query finds every public
  article with no item yet. Each article gets one item, ever: a new version of a live article is not news.
- **SEND units** are not versioned: a Publisher's save in the admin (or a CSV import, which saves row by
  row) is live at once. Signals record the change in the same transaction as the save, with the moment it
  happened: a unit added to the directory, or its status changing (planned, opening soon, open, closed). The
  moment matters (nothing public before a subscriber confirmed is sent to them), and recording costs nothing
  while nothing changes. A periodic snapshot would instead compare every unit every minute against a stored
  copy, and date each change to when it was noticed; it would catch changes made by SQL or
  `QuerySet.update()`, which nothing in the project does to a unit's status. Several changes of one unit
  before an email goes out are worded as one (alerts/dispatch.py: `unit_entry`).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min
from django.db.models.signals import post_init, post_save
from django.utils import timezone
from djangocms_versioning.constants import PUBLISHED
from djangocms_versioning.models import StateTracking, Version

from news.models import ArticleContent
from units.models import SendUnit, Status

from .models import AlertItem

# Where a unit remembers the status it was loaded with, to tell a status change from any other save.
LOADED_STATUS = "_alerts_loaded_status"
NOT_LOADED = object()
CHUNK = 500


# Articles ------------------------------------------------------------------------------------------------------


def detect_articles(now=None):
    """Record every public article that has no item yet; return how many were added.

    Usually a handful; the first run on a site with years of news records them all, CHUNK at a time (the
    IN lists stay well inside SQLite's limit on query parameters)."""
    now = now or timezone.now()
    contents = list(
        ArticleContent.objects.published(now)
        .filter(article__alert_item__isnull=True)
        .values_list("article_id", "publication_date")
    )
    for start in range(0, len(contents), CHUNK):
        record_articles(contents[start : start + CHUNK])
    return len(contents)


def record_articles(contents):
    """Items for [(article id, publication date)], public from whichever came last: the first time the
    article was published, or its publication date (a scheduled article)."""
    first_published = first_publish_times([article_id for article_id, _ in contents])
    items = [
        AlertItem(
            kind=AlertItem.Kind.ARTICLE,
            article_id=article_id,
            public_at=max(publication_date, first_published.get(article_id, publication_date)),
        )
        for article_id, publication_date in contents
    ]
    # Another send job may be recording the same articles right now: the unique article wins once.
    AlertItem.objects.bulk_create(items, ignore_conflicts=True)


def first_publish_times(article_ids):
    """{article id: when any version of it was first published} (two queries).

    A live article whose text was corrected today was public long before: the first publish counts, not the
    version now live. Versions published without a state record (made in code) count from their last change.
    """
    content_type = ContentType.objects.get_for_model(ArticleContent)
    content_articles = dict(
        ArticleContent.admin_manager.filter(article_id__in=article_ids).values_list("pk", "article_id")
    )
    firsts = {}

    def keep(content_id, when):
        article_id = content_articles[content_id]
        if when is not None and (article_id not in firsts or when < firsts[article_id]):
            firsts[article_id] = when

    tracked = (
        StateTracking.objects.filter(
            new_state=PUBLISHED, version__content_type=content_type, version__object_id__in=content_articles
        )
        .values("version__object_id")
        .annotate(first=Min("date"))
    )
    for row in tracked:
        keep(row["version__object_id"], row["first"])
    untracked = Version.objects.filter(
        content_type=content_type, object_id__in=content_articles, state=PUBLISHED, statetracking__isnull=True
    ).values_list("object_id", "modified")
    for content_id, modified in untracked:
        keep(content_id, modified)
    return firsts


# SEND units ----------------------------------------------------------------------------------------------------


def remember_loaded_status(sender, instance, **kwargs):
    # __dict__, not the attribute: on a deferred (.only()) instance an attribute read would be a query.
    setattr(instance, LOADED_STATUS, instance.__dict__.get("status", NOT_LOADED))


def unit_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Record a unit joining the public directory or changing status, in the save's own transaction."""
    if raw:  # loaddata: a fixture is not news
        return
    old = None if created else getattr(instance, LOADED_STATUS, NOT_LOADED)
    new = instance.status
    setattr(instance, LOADED_STATUS, new)  # a second save of this instance compares with this one
    if old is NOT_LOADED or old == new or (update_fields is not None and "status" not in update_fields):
        return
    item = unit_item(instance, old, new)
    if item is not None:
        item.save()


def unit_item(unit, old, new):
    """The item for a unit going from status `old` (None: it did not exist) to `new`, or None if the public
    sees no change. A closed unit is not in the directory, so re-opening it is, for the public, a new unit."""
    if new == Status.CLOSED and old in (None, Status.CLOSED):
        return None
    now = timezone.now()
    if old in (None, Status.CLOSED):
        return AlertItem(kind=AlertItem.Kind.UNIT_ADDED, unit=unit, old_status=old or "", new_status=new, public_at=now)
    return AlertItem(kind=AlertItem.Kind.UNIT_STATUS, unit=unit, old_status=old, new_status=new, public_at=now)


def connect():
    post_init.connect(remember_loaded_status, sender=SendUnit, dispatch_uid="alerts:unit-loaded")
    post_save.connect(unit_saved, sender=SendUnit, dispatch_uid="alerts:unit-saved")
