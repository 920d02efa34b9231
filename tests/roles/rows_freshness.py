"""Keeping content true: "Checked, still right" changes the public "Last reviewed" date, so only Publishers
(and superusers) may record a check."""

import datetime
import re

from django.urls import reverse

from freshness.models import PageReview
from tests.roles.matrix import LIVE, REFUSED, Row
from units.models import SendUnit

LONG_AGO = datetime.date(2025, 1, 6)


def mark_checked(kind):
    return lambda client, ctx: client.post(reverse("admin:freshness_check"), {"kind": kind, "pk": ctx["pk"]})


def last_reviewed(path):
    """What the public sees: the "Last reviewed" line of ``path`` (None when there is none)."""

    def read(ctx, client):
        found = re.search(r"Last reviewed.{0,120}?(\d{1,2} \w+ \d{4})", client.get(path).content.decode(), re.S)
        return found.group(1) if found else None

    return read


def about_page_reviewed_long_ago():
    review = PageReview.objects.get(extended_object__reverse_id="about")
    PageReview.objects.filter(pk=review.pk).update(last_reviewed=LONG_AGO, review_by=LONG_AGO)
    return {"pk": review.extended_object_id}


def unit_checked_long_ago():
    unit = SendUnit.objects.get(slug="barden-primary-school")
    SendUnit.objects.filter(pk=unit.pk).update(last_checked=LONG_AGO, review_by=LONG_AGO)
    return {"pk": unit.pk}


ROWS = [
    Row(
        "review dashboard: mark a page checked, still right",
        setup=about_page_reviewed_long_ago,
        act=mark_checked("page"),
        public=last_reviewed("/about/"),
        expect={"anonymous": REFUSED, "editor": REFUSED, "publisher": LIVE, "superuser": LIVE},
    ),
    Row(
        "review dashboard: mark a SEND unit checked, still right",
        setup=unit_checked_long_ago,
        act=mark_checked("unit"),
        public=last_reviewed("/send-units/barden-primary-school/"),
        expect={"anonymous": REFUSED, "editor": REFUSED, "publisher": LIVE, "superuser": LIVE},
    ),
]
