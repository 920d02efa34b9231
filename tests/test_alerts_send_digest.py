"""Email alerts, the sending side: weekly digests, what the emails look like, and query counts when many
subscribers get an email. Real job backend (jobs.testing.run_jobs) and a real SMTP server (smtp_server)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts import dispatch
from alerts.emails import SUBJECT_LIMIT, clean_subject
from alerts.models import AlertItem, Delivery, Digest, Frequency, Subscriber, Subscription, Topic
from jobs.testing import run_jobs
from units.models import Status

from .factories_units import SendUnitFactory
from .test_alerts_send import (
    ALL_NEWS_NOW,
    DOMAIN,
    UNITS_NOW,
    draft_article,
    parts,
    public_site,  # noqa: F401 - the autouse fixture: absolute links on DOMAIN
    publish,
    received_by,
    send_now,
    subscriber,
)

ALL_NEWS_WEEKLY = (Topic.ALL_NEWS, None, Frequency.WEEKLY)
UNITS_WEEKLY = (Topic.UNITS, None, Frequency.WEEKLY)


def next_monday(hour):
    """The coming Monday at `hour` local time: the digest of this week is due then (from 08:00)."""
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time(hour)))


def digest_at(when):
    result = dispatch.send_digests(now=when)
    run_jobs()
    return result


# Weekly digests -----------------------------------------------------------------------------------------------


def test_the_weekly_digest_collects_the_week_once_on_the_monday_after(seeded, publisher, smtp_server):
    subscriber("weekly@example.org", ALL_NEWS_WEEKLY, UNITS_WEEKLY)
    publish(publisher, draft_article(publisher, "First news of the week"))
    publish(publisher, draft_article(publisher, "Second news of the week", categories=("inspections",)))
    SendUnitFactory(name="Weekly Test School SEND unit", status=Status.OPENING, opening_date=None)
    send_now()
    assert smtp_server.messages == []  # weekly lists only: nothing straight away

    assert digest_at(next_monday(7))["week"] is None  # not before 08:00 on the Monday
    assert smtp_server.messages == []
    digest_at(next_monday(9))
    (digest,) = smtp_server.messages
    monday = next_monday(9).date() - datetime.timedelta(days=7)
    assert digest["Subject"].startswith("Lancashire SEND Partnership: your weekly update, 3 new items (")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest["List-Unsubscribe"].strip().startswith(f"<https://{DOMAIN}/alerts/unsubscribe/")
    text, html = parts(digest)
    for title in ("First news of the week", "Second news of the week", "Weekly Test School SEND unit"):
        assert title in text and title in html
    assert "New in the SEND unit directory. Status: Opening soon." in text
    assert "Your weekly update, " in html and '<html lang="en">' in html
    assert "All news (weekly summary)" in text
    assert Digest.objects.get(subscriber__email="weekly@example.org").week_start == monday

    # Again later that day, and the Monday after: nothing twice, and an empty week sends nothing.
    digest_at(next_monday(15))
    digest_at(next_monday(9) + datetime.timedelta(days=7))
    assert len(smtp_server.messages) == 1


def test_immediate_and_weekly_lists_share_out_the_items_without_repeating_them(seeded, publisher, smtp_server):
    subscriber("mixed@example.org", ALL_NEWS_NOW, UNITS_WEEKLY)
    publish(publisher, draft_article(publisher, "Straight away news"))
    SendUnitFactory(name="Digest Test School SEND unit", status=Status.PLANNED, opening_date=None)
    send_now()
    (immediate,) = smtp_server.messages
    assert immediate["Subject"] == "News: Straight away news"
    assert "Digest Test School" not in parts(immediate)[0]
    digest_at(next_monday(9))
    digest = smtp_server.messages[-1]
    assert len(smtp_server.messages) == 2
    text = parts(digest)[0]
    assert "Digest Test School SEND unit" in text and "Straight away news" not in text


def test_the_digest_leaves_an_item_waiting_for_the_immediate_job_to_it(seeded, publisher, smtp_server):
    subscriber("mixed@example.org", ALL_NEWS_NOW, (Topic.NEWS_CATEGORY, "send-units", Frequency.WEEKLY))
    publish(publisher, draft_article(publisher, "Both lists want this"))
    digest_at(next_monday(9))  # the digest job runs before the immediate one has
    send_now()
    assert [m["Subject"] for m in smtp_server.messages] == ["News: Both lists want this"]


def test_a_digest_rerun_after_a_restart_sends_nothing_twice(seeded, publisher, smtp_server):
    person = subscriber("weekly@example.org", ALL_NEWS_WEEKLY)
    publish(publisher, draft_article(publisher, "Only once in a digest"))
    first = dispatch.send_digests(now=next_monday(9))
    second = dispatch.send_digests(now=next_monday(9))  # before the worker even ran the first email
    run_jobs()
    assert (first["emails"], second["emails"]) == (1, 0)
    assert len(smtp_server.messages) == 1
    assert Delivery.objects.get(subscriber=person).digest.week_start == next_monday(9).date() - datetime.timedelta(
        days=7
    )


# The emails ---------------------------------------------------------------------------------------------------


def test_subjects_carry_no_control_characters_and_titles_are_escaped_in_html(seeded, publisher, smtp_server):
    subscriber("reader@example.org", ALL_NEWS_NOW)
    title = "Line one\r\nBcc: victim@example.net\x1b[31m <script>alert(1)</script> & more"
    publish(publisher, draft_article(publisher, title))
    send_now()
    (message,) = smtp_server.messages
    assert message["Subject"] == "News: Line one Bcc: victim@example.net [31m <script>alert(1)</script> & more"
    assert message["Bcc"] is None and message.envelope_to == ["reader@example.org"]
    text, html = parts(message)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html and "<script>" not in html
    assert "<script>alert(1)</script> & more" in text  # plain text is plain


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Tab\there", "Tab here"),
        ("Line\u2028separator\u2029too", "Line separator too"),
        ("NUL\x00and DEL\x7f and C1\x85", "NUL and DEL and C1"),
        ("x" * 400, "x" * (SUBJECT_LIMIT - 1) + "…"),
    ],
)
def test_clean_subject(raw, expected):
    assert clean_subject(raw) == expected


def test_unit_subscribers_get_unit_emails_with_the_unit_page_linked(seeded, smtp_server):
    subscriber("units@example.org", UNITS_NOW)
    unit = SendUnitFactory(name="Linked Test School SEND unit", status=Status.OPENING, opening_date=None)
    send_now()
    (message,) = received_by(smtp_server, "units@example.org")
    text, html = parts(message)
    url = f"https://{DOMAIN}/send-units/{unit.slug}/"
    assert f"See the unit: {url}" in text
    assert f'<a href="{url}" style="color: #1d70b8;">Linked Test School SEND unit</a>' in html


# Many subscribers ---------------------------------------------------------------------------------------------


def test_sending_to_many_costs_a_few_queries_per_email_and_none_per_item(seeded, publisher, monkeypatch):
    monkeypatch.setattr(dispatch, "BATCH_SIZE", 10)  # three batches of subscribers

    def queries_to_send(subscribers, articles):
        for n in range(subscribers):
            subscriber(f"reader{articles}-{n}@example.org", ALL_NEWS_NOW)
        for n in range(articles):
            publish(publisher, draft_article(publisher, f"Article {n} of {articles}"))
        dispatch.detect_articles()
        with CaptureQueriesContext(connection) as queries:
            result = dispatch.send_immediate()
        assert result["emails"] == subscribers
        Subscriber.objects.all().delete()
        return len(queries)

    few = queries_to_send(subscribers=10, articles=1)
    many = queries_to_send(subscribers=30, articles=8)
    per_email = (many - few) / 20
    print(f"queries: {few} for 10 emails of 1 item, {many} for 30 emails of 8 items")
    assert per_email <= 5, (few, many)
    assert few <= 10 * 5 + 12, few


def test_an_item_of_the_week_before_that_no_digest_carried_comes_in_the_next(seeded, smtp_server):
    person = subscriber("weekly@example.org", UNITS_WEEKLY)
    Subscriber.objects.filter(pk=person.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=15))
    Subscription.objects.filter(subscriber=person).update(created_at=timezone.now() - datetime.timedelta(days=15))
    unit = SendUnitFactory(name="Late Test School SEND unit", status=Status.PLANNED, opening_date=None)
    # Went public on Sunday night, just before this week began, but was found after that week's digest went out.
    this_monday = next_monday(0) - datetime.timedelta(days=7)
    AlertItem.objects.filter(unit=unit).update(public_at=this_monday - datetime.timedelta(minutes=1))
    digest_at(next_monday(9))
    (digest,) = smtp_server.messages
    assert "Late Test School SEND unit" in parts(digest)[0]
