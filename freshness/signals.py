"""The default review dates: six months after a page is published, six months after a unit is added or
checked. Staff can bring them forward with the dashboard's "Checked, still right" (freshness/admin.py)."""

from cms.models import PageContent
from django.db.models.signals import post_init, pre_save
from django.utils import timezone
from djangocms_versioning.constants import OPERATION_PUBLISH
from djangocms_versioning.signals import post_version_operation

from units.models import SendUnit

from .dates import next_review
from .models import PageReview

# Where a unit remembers the check dates it was loaded with, to tell a new check from an unchanged one.
LOADED = "_freshness_loaded"


def record_review(page_id, day):
    """The page was reviewed on `day`: set its last-reviewed date and push its review-by date out (never in)."""
    review = PageReview.objects.filter(extended_object_id=page_id).first() or PageReview(extended_object_id=page_id)
    review.last_reviewed = day
    review.review_by = max(next_review(day), review.review_by or day)
    review.save()
    return review


def page_published(sender, operation, obj, **kwargs):
    """A publisher put a new version of the page live: they have reviewed it today."""
    if operation == OPERATION_PUBLISH:
        record_review(obj.content.page_id, timezone.localdate())


def remember_loaded_dates(sender, instance, **kwargs):
    # __dict__, not the attributes: on a deferred (.only()) instance an attribute read would be a query.
    setattr(instance, LOADED, (instance.__dict__.get("last_checked"), instance.__dict__.get("review_by")))


def default_unit_review_by(sender, instance, raw=False, **kwargs):
    """A new unit is due for review six months after it is added (or after its check date, if it comes with
    one); a new check date entered by staff moves the review-by date unless they set that too."""
    if raw:  # loaddata: store the fixture as it is
        return
    loaded_checked, loaded_review = getattr(instance, LOADED, (None, None))
    if instance.review_by is None:
        instance.review_by = next_review(instance.last_checked or timezone.localdate())
    elif instance.last_checked and instance.last_checked != loaded_checked and instance.review_by == loaded_review:
        instance.review_by = next_review(instance.last_checked)
    # A second save of the same instance compares with what this one stores.
    setattr(instance, LOADED, (instance.last_checked, instance.review_by))


def connect():
    post_version_operation.connect(page_published, sender=PageContent, dispatch_uid="freshness:page-published")
    post_init.connect(remember_loaded_dates, sender=SendUnit, dispatch_uid="freshness:unit-loaded")
    pre_save.connect(default_unit_review_by, sender=SendUnit, dispatch_uid="freshness:unit-review-by")
