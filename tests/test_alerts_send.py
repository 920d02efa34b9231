"""Email alerts, the sending side: what became public is emailed to the confirmed subscribers who asked for
it, once, with the real job backend (jobs.testing.run_jobs) and a real SMTP server on loopback (smtp_server).

The done-when journey first: a parent subscribes to the "SEND units" news category, confirms, a Publisher
publishes the next article in it, the parent gets it by email and unsubscribes in one click.
"""

import datetime
import itertools
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.models import Version

from alerts import dispatch
from alerts.models import AlertItem, Delivery, Frequency, Subscriber, Subscription, Topic
from alerts.tasks import send_immediate_alerts
from jobs.testing import run_jobs
from news.models import Article, ArticleContent, Category
from units.models import SendUnit, Status

from .factories_units import SendUnitFactory

DOMAIN = "localoffer.example.org"
_slugs = itertools.count()


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.SITE_SCHEME = "https"
    settings.SITE_DOMAIN = DOMAIN


def draft_article(user, title, *, categories=("send-units",), date=None, summary=None):
    """A draft the way staff write one: the article, then its content through versioning's manager."""
    article = Article.objects.create(slug=f"alerts-test-{next(_slugs)}")
    article.categories.set(Category.objects.filter(slug__in=categories))
    return ArticleContent.objects.with_user(user).create(
        article=article,
        title=title,
        summary=summary or f"Summary of {title}.",
        publication_date=date or timezone.now(),
    )


def publish(user, content):
    Version.objects.get_for_content(content).publish(user)
    return content


def publish_in_admin(client, publisher, content):
    """Press Publish as a member of Publishers."""
    client.force_login(publisher)
    version = Version.objects.get_for_content(content)
    response = client.post(reverse("admin:djangocms_versioning_articlecontentversion_publish", args=[version.pk]))
    assert response.status_code == 302
    client.logout()
    assert ArticleContent.objects.filter(pk=content.pk).exists()  # published


def subscriber(email, *lists, confirmed=True):
    """A subscriber with lists [(topic, category slug or None, frequency)], confirmed now unless told not."""
    person = Subscriber.objects.create(email=email, confirmed_at=timezone.now() if confirmed else None)
    for topic, slug, frequency in lists:
        category = Category.objects.get(slug=slug) if slug else None
        Subscription.objects.create(subscriber=person, topic=topic, category=category, frequency=frequency)
    return person


def send_now():
    """What the scheduler does every minute: enqueue the immediate job; then the worker runs every job."""
    send_immediate_alerts.enqueue()
    run_jobs()


def received_by(server, address):
    return [message for message in server.messages if address in message.envelope_to]


def parts(message):
    return (
        message.get_body(preferencelist=("plain",)).get_content(),
        message.get_body(preferencelist=("html",)).get_content(),
    )


def link_in(text, path_prefix):
    return re.search(rf"https://{re.escape(DOMAIN)}({re.escape(path_prefix)}[^\s\"<>]+)", text).group(1)


SEND_UNITS_NOW = (Topic.NEWS_CATEGORY, "send-units", Frequency.IMMEDIATE)
ALL_NEWS_NOW = (Topic.ALL_NEWS, None, Frequency.IMMEDIATE)
UNITS_NOW = (Topic.UNITS, None, Frequency.IMMEDIATE)


# The journey --------------------------------------------------------------------------------------------------


def test_a_parent_subscribes_confirms_gets_the_next_send_units_article_and_unsubscribes_in_one_click(
    client, seeded, publisher, smtp_server
):
    parent = "parent@example.org"
    send_units = Category.objects.get(name="SEND units")
    response = client.post(
        reverse("alerts:subscribe"),
        {"email": parent, "news": "some", "categories": [send_units.pk], "news_frequency": "immediate"},
    )
    assert response.status_code == 200
    run_jobs()
    (confirmation,) = received_by(smtp_server, parent)
    confirm_path = link_in(parts(confirmation)[0], "/alerts/confirm/")
    assert client.post(confirm_path).status_code == 200
    assert Subscriber.objects.get(email=parent).is_confirmed

    # Confirming sends nothing of what was already public (the seed has a "SEND units" article).
    send_now()
    assert len(received_by(smtp_server, parent)) == 1

    content = draft_article(
        publisher,
        "Four more SEND units to open",
        summary="Units at four more schools are due to open.",
    )
    send_now()
    assert len(received_by(smtp_server, parent)) == 1  # a draft: nothing
    publish_in_admin(client, publisher, content)
    send_now()  # the scheduler's next run, within a minute

    alert = received_by(smtp_server, parent)[-1]
    assert len(received_by(smtp_server, parent)) == 2
    assert alert["Subject"] == "News: Four more SEND units to open"
    assert alert["To"] == parent
    unsubscribe = f"https://{DOMAIN}" + link_in(alert["List-Unsubscribe"], "/alerts/unsubscribe/")
    # Folded onto its own line (the address is longer than a header line), which mail programs unfold.
    assert alert["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = parts(alert)
    article_url = f"https://{DOMAIN}/news/{content.article.slug}/"
    assert "Four more SEND units to open" in text and "Units at four more schools are due to open." in text
    assert f"Read the article: {article_url}" in text
    assert "Published " in text and "in SEND units" in text
    assert f"Unsubscribe from all email alerts: {unsubscribe}" in text
    assert "Change or cancel your email alerts: https://" + DOMAIN + "/alerts/manage/" in text
    assert "News: SEND units (straight away)" in text  # why this email came
    assert '<html lang="en">' in html
    assert "<h1" in html and '<h2 style="margin: 24px 0 8px; font-size: 22px;">News</h2>' in html
    assert f'<a href="{article_url}" style="color: #1d70b8;">Four more SEND units to open</a>' in html
    assert f'<a href="{unsubscribe}" style="color: #1d70b8;">Unsubscribe from all email alerts</a>' in html
    assert "<img" not in html
    # The manage link in the email opens the parent's page.
    assert Client().get(link_in(text, "/alerts/manage/")).status_code == 200

    # One click in the mail program: a POST with no cookies and no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(unsubscribe).path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email=parent).exists()

    publish(publisher, draft_article(publisher, "Another SEND units update"))
    send_now()
    assert len(received_by(smtp_server, parent)) == 2  # nothing more


# What is sent, and when ---------------------------------------------------------------------------------------


def test_a_scheduled_article_is_sent_only_once_its_time_has_come(seeded, publisher, smtp_server):
    subscriber("reader@example.org", ALL_NEWS_NOW)
    due = timezone.now() + datetime.timedelta(hours=2)
    content = publish(publisher, draft_article(publisher, "Scheduled news", date=due))
    send_now()
    assert smtp_server.messages == []
    assert not AlertItem.objects.filter(article=content.article).exists()

    # Two hours later (the periodic job's clock).
    result = dispatch.send_immediate(now=due + datetime.timedelta(minutes=1))
    assert result["emails"] == 1
    run_jobs()
    (message,) = smtp_server.messages
    assert message["Subject"] == "News: Scheduled news"
    assert AlertItem.objects.get(article=content.article).public_at == due


def test_a_scheduled_article_reaches_the_periodic_job_when_its_date_passes(seeded, publisher, smtp_server):
    subscriber("reader@example.org", ALL_NEWS_NOW)
    content = publish(publisher, draft_article(publisher, "Due soon", date=timezone.now() + datetime.timedelta(days=3)))
    send_now()
    assert smtp_server.messages == []
    ArticleContent.admin_manager.filter(pk=content.pk).update(publication_date=timezone.now())  # time passes
    send_now()
    assert [m["Subject"] for m in smtp_server.messages] == ["News: Due soon"]


def test_drafts_are_never_sent(seeded, publisher, smtp_server):
    subscriber("reader@example.org", ALL_NEWS_NOW, SEND_UNITS_NOW[:2] + (Frequency.WEEKLY,))
    draft_article(publisher, "Only a draft")
    send_now()
    dispatch.send_digests(now=timezone.now() + datetime.timedelta(days=8))
    run_jobs()
    assert smtp_server.messages == []
    assert not AlertItem.objects.filter(kind=AlertItem.Kind.ARTICLE, article__slug__startswith="alerts-test").exists()


def test_an_article_unpublished_before_its_alert_went_out_is_not_sent(seeded, publisher, smtp_server):
    subscriber("reader@example.org", ALL_NEWS_NOW)
    content = publish(publisher, draft_article(publisher, "Published by mistake"))
    dispatch.detect_articles()
    Version.objects.get_for_content(content).unpublish(publisher)
    send_now()
    assert smtp_server.messages == []


def test_only_the_categories_subscribed_to(seeded, publisher, smtp_server):
    subscriber("units-news@example.org", SEND_UNITS_NOW)
    subscriber("inspections@example.org", (Topic.NEWS_CATEGORY, "inspections", Frequency.IMMEDIATE))
    subscriber("everything@example.org", ALL_NEWS_NOW)
    both = publish(publisher, draft_article(publisher, "In two categories", categories=("send-units", "inspections")))
    publish(publisher, draft_article(publisher, "Strategy news", categories=("strategies-and-plans",)))
    send_now()
    assert [m["Subject"] for m in received_by(smtp_server, "units-news@example.org")] == ["News: In two categories"]
    assert [m["Subject"] for m in received_by(smtp_server, "inspections@example.org")] == ["News: In two categories"]
    (everything,) = received_by(smtp_server, "everything@example.org")  # both articles in one email
    assert everything["Subject"] == "Lancashire SEND Partnership: 2 new updates"
    assert "Strategy news" in parts(everything)[0] and both.title in parts(everything)[0]
    assert "in Inspections, SEND units" in parts(everything)[0]


def test_nothing_is_sent_to_pending_subscribers(seeded, publisher, smtp_server):
    subscriber("pending@example.org", ALL_NEWS_NOW, UNITS_NOW, confirmed=False)
    publish(publisher, draft_article(publisher, "News for nobody yet"))
    SendUnitFactory(status=Status.PLANNED, opening_date=None)
    send_now()
    assert smtp_server.messages == []


def test_nothing_public_before_the_subscriber_confirmed_is_sent(seeded, publisher, smtp_server):
    earlier = publish(publisher, draft_article(publisher, "Before they confirmed"))
    SendUnitFactory(name="Older unit", status=Status.PLANNED, opening_date=None)
    subscriber("late@example.org", ALL_NEWS_NOW, UNITS_NOW)  # confirmed now; the job runs only after
    send_now()
    assert smtp_server.messages == []
    assert AlertItem.objects.filter(article=earlier.article).exists()
    publish(publisher, draft_article(publisher, "After they confirmed"))
    send_now()
    assert [m["Subject"] for m in smtp_server.messages] == ["News: After they confirmed"]


def test_a_list_added_later_does_not_bring_back_what_was_public_before_it(seeded, publisher, smtp_server):
    person = subscriber("reader@example.org", (Topic.NEWS_CATEGORY, "inspections", Frequency.IMMEDIATE))
    publish(publisher, draft_article(publisher, "Units news before the list", categories=("send-units",)))
    Subscription.objects.create(
        subscriber=person,
        topic=Topic.NEWS_CATEGORY,
        category=Category.objects.get(slug="send-units"),
        frequency=Frequency.IMMEDIATE,
    )
    send_now()
    assert smtp_server.messages == []


# SEND units ---------------------------------------------------------------------------------------------------


def unit_form(client, unit=None, **changes):
    """The admin form of a unit (or the add form), as the browser would post it back with `changes`."""
    url = reverse("admin:units_sendunit_change", args=[unit.pk]) if unit else reverse("admin:units_sendunit_add")
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None and value is not False:
            data[name] = value
    data.update(changes)
    return url, data


def test_units_added_and_opening_in_the_admin_are_sent_to_unit_subscribers(client, seeded, publisher, smtp_server):
    subscriber("units@example.org", UNITS_NOW)
    subscriber("news-only@example.org", ALL_NEWS_NOW)
    client.force_login(publisher)
    existing = SendUnit.objects.get(slug="barden-primary-school")
    url, data = unit_form(
        client,
        name="Moorside Test School SEND unit",
        school_name="Moorside Test School",
        slug="moorside-test-school",
        town="Burnley",
        district=existing.district_id,
        phase="primary",
        need=existing.need_id,
        status="planned",
    )
    assert client.post(url, data).status_code == 302
    send_now()
    (added,) = received_by(smtp_server, "units@example.org")
    assert added["Subject"] == "New SEND unit: Moorside Test School SEND unit"
    text, html = parts(added)
    assert "New in the SEND unit directory. Status: Planned." in text
    assert f"https://{DOMAIN}/send-units/moorside-test-school/" in text
    assert "Moorside Test School, Burnley, Burnley" in text
    assert "<h2" in html and "SEND unit directory</h2>" in html

    unit = SendUnit.objects.get(slug="moorside-test-school")
    url, data = unit_form(client, unit, status="opening", opening_date="2027-09-01")
    assert client.post(url, data).status_code == 302
    send_now()
    opening = received_by(smtp_server, "units@example.org")[-1]
    assert opening["Subject"] == "SEND unit opening soon: Moorside Test School SEND unit"
    assert "Status changed from Planned to Opening soon." in parts(opening)[0]

    url, data = unit_form(client, unit, status="open")
    assert client.post(url, data).status_code == 302
    url, data = unit_form(client, unit, description="A calm space with a sensory room.")  # not a status change
    assert client.post(url, data).status_code == 302
    send_now()
    assert [m["Subject"] for m in received_by(smtp_server, "units@example.org")][2:] == [
        "SEND unit now open: Moorside Test School SEND unit"
    ]
    assert received_by(smtp_server, "news-only@example.org") == []


def test_a_unit_closing_links_to_the_directory_and_a_superseded_change_is_not_sent(seeded, publisher, smtp_server):
    subscriber("units@example.org", UNITS_NOW)
    unit = SendUnit.objects.get(slug="barden-primary-school")
    unit.status = Status.OPENING  # corrected a moment later, before the job ran
    unit.save()
    unit.status = Status.CLOSED
    unit.save()
    send_now()
    (closed,) = smtp_server.messages
    assert closed["Subject"] == "SEND unit closed: Barden Primary School SEND unit"
    text, html = parts(closed)
    assert "This unit has closed." in text
    assert f"See the SEND unit directory: https://{DOMAIN}/send-units/" in text.splitlines()
    assert "/send-units/barden-primary-school/" not in text + html
    assert "Opening soon" not in text


def test_a_unit_added_as_closed_is_not_news(seeded):
    unit = SendUnitFactory(status=Status.CLOSED)
    assert not AlertItem.objects.filter(unit=unit).exists()
    unit.status = Status.PLANNED  # back in the directory: for the public, a new unit
    unit.save()
    assert AlertItem.objects.get(unit=unit).kind == AlertItem.Kind.UNIT_ADDED


# Exactly once -------------------------------------------------------------------------------------------------


def test_a_rerun_or_a_restart_sends_nothing_twice(seeded, publisher, smtp_server):
    subscriber("reader@example.org", ALL_NEWS_NOW, UNITS_NOW)
    publish(publisher, draft_article(publisher, "Once only"))
    SendUnitFactory(name="Once only unit", status=Status.PLANNED, opening_date=None)
    send_now()
    assert len(smtp_server.messages) == 1
    send_now()
    # A worker stopped after queueing the emails but before marking the items done: the next run finds the
    # delivery records and sends nothing.
    AlertItem.objects.update(dispatched_at=None)
    send_now()
    assert len(smtp_server.messages) == 1
    assert Delivery.objects.filter(subscriber__email="reader@example.org").count() == 2


def test_a_concurrent_run_that_recorded_first_wins(seeded, publisher):
    from django_tasks_db.models import DBTaskResult

    person = subscriber("reader@example.org", ALL_NEWS_NOW)
    publish(publisher, draft_article(publisher, "Raced"))
    dispatch.detect_articles()
    item = AlertItem.objects.get(article__contents__title="Raced")
    (entry,) = dispatch.load_entries([item], timezone.now())
    Delivery.objects.create(subscriber=person, item=item)  # the other run got there first
    jobs_before = DBTaskResult.objects.count()
    assert dispatch.deliver(person, [entry], timezone.now()) is False
    assert DBTaskResult.objects.count() == jobs_before  # and its email was not queued


def test_a_new_version_of_a_live_article_is_not_news_again(seeded, publisher, smtp_server):
    subscriber("reader@example.org", ALL_NEWS_NOW)
    content = publish(publisher, draft_article(publisher, "Corrected later"))
    send_now()
    draft = Version.objects.get_for_content(content).copy(publisher)
    ArticleContent.admin_manager.filter(pk=draft.content.pk).update(title="Corrected later (with the right date)")
    draft.publish(publisher)
    send_now()
    assert [m["Subject"] for m in smtp_server.messages] == ["News: Corrected later"]


def test_the_first_run_records_every_live_article_as_public_since_it_was_first_published(seeded, monkeypatch):
    from alerts import detect

    monkeypatch.setattr(detect, "CHUNK", 3)
    AlertItem.objects.filter(kind=AlertItem.Kind.ARTICLE).delete()
    assert detect.detect_articles() == ArticleContent.objects.published().count() == 10
    assert detect.detect_articles() == 0
    items = AlertItem.objects.filter(kind=AlertItem.Kind.ARTICLE)
    assert all(item.public_at < timezone.now() - datetime.timedelta(seconds=1) for item in items)


def test_changes_made_and_undone_before_the_job_runs_send_nothing(seeded, smtp_server):
    subscriber("units@example.org", UNITS_NOW)
    unit = SendUnit.objects.get(slug="barden-primary-school")
    for status in (Status.CLOSED, Status.OPEN):  # closed by mistake, and put right
        unit.status = status
        unit.save()
    moving = SendUnitFactory(name="Moving Test School SEND unit", status=Status.OPEN)
    send_now()  # "added" sent
    for status in (Status.PLANNED, Status.OPENING, Status.PLANNED):
        moving.status = status
        moving.save()
    send_now()
    assert [m["Subject"] for m in smtp_server.messages] == [
        "New SEND unit: Moving Test School SEND unit",
        "SEND unit planned: Moving Test School SEND unit",
    ]
    assert "Status changed from Open to Planned." in parts(smtp_server.messages[-1])[0]
    send_now()
    assert len(smtp_server.messages) == 2


def test_a_csv_import_announces_its_new_units_and_a_dry_run_or_a_failed_import_nothing(seeded):
    from units.admin import SendUnitResource

    from .test_units import BAD_ROW, GOOD_ROW, csv_dataset

    SendUnitResource().import_data(csv_dataset([GOOD_ROW]), dry_run=True)  # the preview
    SendUnitResource().import_data(csv_dataset([GOOD_ROW, BAD_ROW]), dry_run=False, raise_errors=False)
    assert not AlertItem.objects.filter(unit__slug="new-unit").exists()
    SendUnitResource().import_data(csv_dataset([GOOD_ROW]), dry_run=False)
    item = AlertItem.objects.get(unit__slug="new-unit")
    assert (item.kind, item.new_status) == (AlertItem.Kind.UNIT_ADDED, Status.OPEN)
