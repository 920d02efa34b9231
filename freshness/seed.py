"""Review dates for pages published before this app existed. Idempotent: dates already set are kept.

Nothing is invented: a page's dates come from when its live version was published. (Units get theirs from
their last check, or from when their record last changed, in units.0003 on migrate.) Pages published from
now on get theirs from the publish hook (freshness/signals.py).
"""

from cms.models import Page, PageContent
from django.conf import settings
from django.utils import timezone
from djangocms_versioning.constants import PUBLISHED
from djangocms_versioning.models import Version

from localoffer.pagecache import bump_generation

from .dates import next_review
from .models import PageReview


def publish_dates(pages):
    """{page id: the day its live version was published}, in two queries."""
    content_pages = dict(
        PageContent.admin_manager.filter(page__in=pages, language=settings.LANGUAGE_CODE).values_list("pk", "page_id")
    )
    versions = Version.objects.filter(
        state=PUBLISHED,
        content_type__app_label="cms",
        content_type__model="pagecontent",
        object_id__in=list(content_pages),
    ).values_list("object_id", "modified")
    return {content_pages[content_id]: timezone.localdate(modified) for content_id, modified in versions}


def seed(stdout):
    reviews = [
        PageReview(extended_object_id=page_id, last_reviewed=day, review_by=next_review(day))
        for page_id, day in publish_dates(Page.objects.filter(pagereview__isnull=True)).items()
    ]
    PageReview.objects.bulk_create(reviews)
    if reviews:
        bump_generation()  # bulk_create sends no post_save: show "Last reviewed" on cached pages too
    stdout.write(f"Review dates: {len(reviews)} published pages given dates from when they were published")
