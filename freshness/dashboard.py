"""What is due for review: published CMS pages (strategies and plans among them) and public SEND units whose
review-by date has passed or falls within DUE_SOON_DAYS. A constant number of queries, however many items."""

import datetime
from dataclasses import dataclass

from cms.models import Page, PageContent, PageUrl
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from djangocms_versioning.constants import PUBLISHED

from documents.models import StrategyDetails
from units.models import SendUnit

from .dates import due_soon_horizon

# Each list shows at most this many items, the most overdue first; the page says how many more there are.
LIMIT = 200

PAGE = "page"
UNIT = "unit"


@dataclass(frozen=True)
class Item:
    kind: str  # PAGE or UNIT: what "Checked, still right" updates
    pk: int
    label: str  # what staff call it: "Page", "Strategy or plan", "SEND unit"
    title: str
    url: str  # where to see it
    edit_url: str  # where to change it, when that is not the page itself
    last_checked: datetime.date | None
    review_by: datetime.date | None  # None: a page published before review dates existed


@dataclass(frozen=True)
class Section:
    items: list
    total: int

    @property
    def more(self):
        return self.total - len(self.items)


def published_pages():
    return Page.objects.filter(
        site_id=settings.SITE_ID,
        pagecontent_set__language=settings.LANGUAGE_CODE,
        pagecontent_set__versions__state=PUBLISHED,
    )


def page_url(path):
    if not path:
        return reverse("pages-root")
    return reverse("pages-details-by-slug", kwargs={"slug": path})


def page_titles(ids):
    """{page id: title of its live version}: PageContent.objects (versioned) sees published content only."""
    contents = PageContent.objects.filter(page_id__in=ids, language=settings.LANGUAGE_CODE)
    return dict(contents.values_list("page_id", "title"))


def page_items(condition):
    """Published pages matching `condition` (on their review), most overdue first, and how many there are."""
    pages = published_pages().filter(condition)
    total = pages.count()
    rows = list(
        pages.order_by("pagereview__review_by", "pk").values_list(
            "pk", "pagereview__last_reviewed", "pagereview__review_by"
        )[:LIMIT]
    )
    ids = [pk for pk, _, _ in rows]
    titles = page_titles(ids)
    paths = dict(
        PageUrl.objects.filter(page_id__in=ids, language=settings.LANGUAGE_CODE).values_list("page_id", "path")
    )
    strategies = set(
        StrategyDetails.objects.published()
        .filter(extended_object__page_id__in=ids)
        .values_list("extended_object__page_id", flat=True)
    )
    items = []
    for pk, last_reviewed, review_by in rows:
        url = page_url(paths.get(pk))
        items.append(
            Item(
                kind=PAGE,
                pk=pk,
                label="Strategy or plan" if pk in strategies else "Page",
                title=titles.get(pk) or f"Page {pk}",
                url=url,
                edit_url=url,  # pages are edited from the page itself, with the toolbar
                last_checked=last_reviewed,
                review_by=review_by,
            )
        )
    return items, total


def unit_items(condition):
    units = SendUnit.objects.public().filter(condition)
    total = units.count()
    rows = units.order_by("review_by", "name").only("pk", "name", "slug", "last_checked", "review_by")[:LIMIT]
    items = [
        Item(
            kind=UNIT,
            pk=unit.pk,
            label="SEND unit",
            title=unit.name,
            url=unit.get_absolute_url(),
            edit_url=reverse("admin:units_sendunit_change", args=[unit.pk]),
            last_checked=unit.last_checked,
            review_by=unit.review_by,
        )
        for unit in rows
    ]
    return items, total


def section(page_condition, unit_condition):
    pages, page_total = page_items(page_condition)
    units, unit_total = unit_items(unit_condition)
    items = sorted(pages + units, key=lambda item: (item.review_by or datetime.date.min, item.title))
    return Section(items=items[:LIMIT], total=page_total + unit_total)


def due_for_review(today):
    """(overdue, due soon). Overdue: the review-by date has passed (or a page has none yet). Due soon: it is
    today or within DUE_SOON_DAYS."""
    horizon = due_soon_horizon(today)
    overdue = section(
        Q(pagereview__isnull=True) | Q(pagereview__review_by__lt=today),
        Q(review_by__isnull=True) | Q(review_by__lt=today),
    )
    due_soon = section(
        Q(pagereview__review_by__gte=today, pagereview__review_by__lte=horizon),
        Q(review_by__gte=today, review_by__lte=horizon),
    )
    return overdue, due_soon
