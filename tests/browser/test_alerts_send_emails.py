"""The HTML of the alert emails in a real browser: axe-core finds nothing, at desktop width and at 320px, where
nothing may scroll sideways (mail apps on phones show it at that width)."""

import datetime

import pytest
from django.utils import timezone

from alerts.dispatch import Entry, week_of
from alerts.emails import build_email
from alerts.models import AlertItem, Frequency, Subscriber, Subscription, Topic

from .pages import SitePage, describe_violations

pytestmark = pytest.mark.browser


def entries():
    now = timezone.now()
    article = AlertItem(kind=AlertItem.Kind.ARTICLE, public_at=now)
    added = AlertItem(kind=AlertItem.Kind.UNIT_ADDED, new_status="planned", public_at=now)
    closed = AlertItem(kind=AlertItem.Kind.UNIT_STATUS, old_status="open", new_status="closed", public_at=now)
    return [
        Entry(
            items=[article],
            kind=article.kind,
            title="An article with a rather long title that has to wrap on a narrow phone screen",
            url="https://localoffer.example.org/news/an-article/",
            summary="One or two sentences of summary.",
            date=now,
            categories=["SEND units", "Inspections"],
        ),
        Entry(
            items=[added],
            kind=added.kind,
            title="Test School SEND unit",
            url="https://localoffer.example.org/send-units/test-school/",
            new_status="planned",
            description="New in the SEND unit directory. Status: Planned.",
            place="Test School, Burnley, Burnley",
        ),
        Entry(
            items=[closed],
            kind=closed.kind,
            title="Other Test School SEND unit",
            url="https://localoffer.example.org/send-units/",
            new_status="closed",
            description="This unit has closed. It is no longer listed in the SEND unit directory.",
            place="Other Test School, Nelson, Pendle",
        ),
    ]


@pytest.fixture
def emails(db, settings):
    settings.SITE_DOMAIN = "localoffer.example.org"
    person = Subscriber.objects.create(email="reader@example.org", confirmed_at=timezone.now())
    Subscription.objects.create(subscriber=person, topic=Topic.ALL_NEWS, frequency=Frequency.IMMEDIATE)
    Subscription.objects.create(subscriber=person, topic=Topic.UNITS, frequency=Frequency.WEEKLY)
    week = week_of(timezone.localdate() - datetime.timedelta(days=7))
    return {
        "alert": build_email(person, entries()).alternatives[0][0],
        "digest": build_email(person, entries(), week=week).alternatives[0][0],
    }


@pytest.mark.parametrize("kind", ["alert", "digest"])
@pytest.mark.parametrize("width", [1280, 320])
def test_alert_emails_have_no_axe_violations_and_reflow(emails, new_context, kind, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    page.set_content(emails[kind])
    site = SitePage(page, "")
    violations = site.axe_violations()
    assert violations == [], f"{kind} at {width}px:\n{describe_violations(violations)}"
    overflow = site.horizontal_overflow()
    assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_role("link", name="Unsubscribe from all email alerts").count() == 1
