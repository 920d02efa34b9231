"""Email alerts, the subscriber side: the subscribe form, double opt-in, no enumeration, one email a day per
address, signed links (forged, expired, tampered, reused), manage, one-click unsubscribe, rate limits, clean-up,
caching, privacy and the staff admin.

Emails are caught where the app hands them to the queue (alerts.mail.queue), so each test sees exactly what
would be sent; tests/test_alerts_subscribe_delivery.py sends them through the real queue to a real SMTP server.
"""

import json
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts import cleanup, links, throttle
from alerts import mail as alerts_mail
from alerts.models import FormEmail, Frequency, Subscriber, Subscription, Topic
from news.models import Category

from .factories import StaffUserFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/alerts/"
CHECK_EMAIL = "Check your email"


@pytest.fixture
def sent(monkeypatch):
    """The emails handed to the queue, in order."""
    messages = []
    monkeypatch.setattr(alerts_mail, "queue", messages.append)
    return messages


def form(**overrides):
    data = {
        "email": "parent@example.org",
        "news": "all",
        "news_frequency": "immediate",
        "units": "on",
        "units_frequency": "weekly",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def lists(subscriber):
    return sorted(
        (row.topic, row.category.slug if row.category else None, row.frequency)
        for row in subscriber.subscriptions.all()
    )


def link_in(message):
    return re.search(r"https?://\S+/alerts/\S+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def make_subscriber(email="someone@example.org", confirmed=True, **topics):
    subscriber = Subscriber.objects.create(email=email, confirmed_at=timezone.now() if confirmed else None)
    Subscription.objects.create(subscriber=subscriber, topic=Topic.ALL_NEWS, frequency=Frequency.IMMEDIATE)
    return subscriber


def page_body(response):
    """The page without what differs per request (the CSRF token) or per address typed in."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'<strong class="alerts-address">[^<]*</strong>', "", html)


# The form --------------------------------------------------------------------------------------------------------


def test_form_page_lists_the_choices_and_is_never_cached(client, seeded):
    response = client.get(SUBSCRIBE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Get email alerts</h1>" in html
    for category in Category.objects.all():
        assert f">{category.name}</label>" in html
    assert "Changes in the SEND unit directory" in html
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in client.get(SUBSCRIBE)  # never served from, or stored in, the page cache


def test_new_address_gets_one_confirmation_and_nothing_else(client, seeded, sent):
    response = client.post(SUBSCRIBE, form(email="  Parent@Example.ORG "))
    assert response.status_code == 200
    html = response.content.decode()
    assert CHECK_EMAIL in html and "parent@example.org" in html
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "parent@example.org" and subscriber.confirmed_at is None
    assert lists(subscriber) == [("all_news", None, "immediate"), ("units", None, "weekly")]
    assert [message.to for message in sent] == [["parent@example.org"]]
    message = sent[0]
    assert "Confirm your email alerts" in message.subject
    assert link_in(message).startswith("https://")  # settings.SITE_SCHEME
    assert (
        "All news: straight away" in message.body
        and "Changes in the SEND unit directory: weekly summary" in message.body
    )
    html_part, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="en">' in html_part and link_in(message) in html_part


def test_chosen_categories_only(client, seeded, sent):
    one, two = Category.objects.all()[:2]
    client.post(SUBSCRIBE, form(news="some", categories=[one.pk, two.pk], news_frequency="weekly", units=None))
    subscriber = Subscriber.objects.get()
    assert lists(subscriber) == sorted([("news_category", one.slug, "weekly"), ("news_category", two.slug, "weekly")])


def test_categories_are_ignored_with_all_news(client, seeded, sent):
    client.post(SUBSCRIBE, form(news="all", categories=[Category.objects.first().pk], units=None))
    assert lists(Subscriber.objects.get()) == [("all_news", None, "immediate")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(email=""), "Enter your email address"),
        (form(email="not-an-address"), "Enter an email address in the correct format, like name@example.com"),
        (form(email="name@localhost"), "Enter an email address in the correct format, like name@example.com"),
        (form(email="a@b"), "Enter an email address in the correct format, like name@example.com"),
        (form(email="two@example.org, three@example.org"), "Enter an email address in the correct format"),
        (form(email="<script>alert(1)</script>@example.org"), "Enter an email address in the correct format"),
        (form(email="x" * 250 + "@example.org"), "Your email address must be 254 characters or fewer"),
        (form(email="nul\x00@example.org"), "Remove the unusual characters (null characters) from your email address"),
        (form(news=None), "Select which news you want emails about"),
        (form(news="bogus"), "Select a valid choice"),
        (form(news="none", units=None), "Select the news you want emails about, or tick changes in the SEND unit"),
        (form(news="some", units=None), "Select at least one news category, or choose “All news”"),
        (form(news="some", categories=["999999"]), "Select news categories from the list"),
        (form(news="some", categories=["x"]), "Select news categories from the list"),
        (form(news_frequency=""), "Select how often you want news emails"),
        (form(units_frequency="hourly"), "Select a valid choice"),
        (form(units_frequency=""), "Select how often you want emails about SEND units"),
    ],
)
def test_bad_input_gets_a_clear_error_and_nothing_is_stored_or_sent(client, seeded, sent, data, message):
    response = client.post(SUBSCRIBE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert "<title>Error: Get email alerts" in html
    assert "<script>alert" not in html
    assert not Subscriber.objects.exists() and sent == []


def test_error_summary_links_to_the_fields(client, seeded, sent):
    html = client.post(SUBSCRIBE, form(email="", news="some", units=None)).content.decode()
    summary = html[html.index("error-summary__list") :]
    assert '<a href="#id_email">' in summary and '<a href="#id_categories_0">' in summary
    assert 'id="id_email"' in html and 'aria-invalid="true"' in html


def test_honeypot_submission_is_answered_the_same_and_discarded(client, seeded, sent):
    response = client.post(SUBSCRIBE, form(website="http://spam.example"))
    assert CHECK_EMAIL in response.content.decode()
    assert not Subscriber.objects.exists() and sent == []


def test_csrf_is_enforced_on_the_form(seeded, sent):
    assert Client(enforce_csrf_checks=True).post(SUBSCRIBE, form()).status_code == 403
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused_not_errors(client, seeded, method):
    assert getattr(client, method)(SUBSCRIBE).status_code == 405


# No enumeration, one email a day ----------------------------------------------------------------------------


def test_the_page_is_the_same_for_new_pending_and_subscribed_addresses(client, seeded, sent):
    make_subscriber("subscribed@example.org", confirmed=True)
    make_subscriber("pending@example.org", confirmed=False)
    pages = {
        address: page_body(client.post(SUBSCRIBE, form(email=address)))
        for address in ("new@example.org", "pending@example.org", "subscribed@example.org")
    }
    assert len(set(pages.values())) == 1


def test_a_pending_address_gets_no_second_email_the_same_day(client, seeded, sent):
    client.post(SUBSCRIBE, form())
    response = client.post(SUBSCRIBE, form(email="PARENT@example.org", news="none"))
    assert CHECK_EMAIL in response.content.decode()
    assert len(sent) == 1
    # What the first email's link confirms is still what was asked for first.
    assert lists(Subscriber.objects.get()) == [("all_news", None, "immediate"), ("units", None, "weekly")]


def test_a_pending_address_gets_a_new_confirmation_a_day_later(client, seeded, sent):
    client.post(SUBSCRIBE, form())
    six_days_ago = timezone.now() - timedelta(days=6)
    Subscriber.objects.update(created_at=six_days_ago)
    FormEmail.objects.update(sent_at=timezone.now() - timedelta(days=1, seconds=1))
    client.post(SUBSCRIBE, form(news="none"))
    assert len(sent) == 2
    subscriber = Subscriber.objects.get()
    assert lists(subscriber) == [("units", None, "weekly")]
    # The clean-up must not delete it tomorrow, while the new link is still good.
    assert subscriber.created_at > six_days_ago + timedelta(days=5)
    assert cleanup.delete_expired(timezone.now() + timedelta(days=2)) == (0, 1)


def test_a_subscribed_address_gets_a_manage_link_and_its_lists_are_untouched(client, seeded, sent):
    subscriber = make_subscriber("subscribed@example.org")
    client.post(SUBSCRIBE, form(email="Subscribed@example.org", news="none"))
    assert len(sent) == 1
    message = sent[0]
    assert message.to == ["subscribed@example.org"] and "Confirm" not in message.subject
    assert "/alerts/manage/" in message.body and "/alerts/unsubscribe/" in message.body
    assert lists(subscriber) == [("all_news", None, "immediate")]
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed
    client.post(SUBSCRIBE, form(email="subscribed@example.org"))
    assert len(sent) == 1  # and not a second time that day


def test_an_address_that_just_unsubscribed_is_not_emailed_again_that_day(client, seeded, sent):
    client.post(SUBSCRIBE, form())
    client.post(path_of(link_in(sent[0])))
    subscriber = Subscriber.objects.get()
    client.post(links.link_path(subscriber, links.UNSUBSCRIBE))
    assert not Subscriber.objects.exists()
    client.post(SUBSCRIBE, form())
    assert len(sent) == 1
    assert not FormEmail.objects.filter(digest__contains="@").exists()  # only a hash is kept


def test_throttle_claims_once_per_day():
    now = timezone.now()
    assert throttle.claim("a@example.org", now) is True
    assert throttle.claim("A@example.org ", now + timedelta(hours=23)) is False
    assert throttle.claim("a@example.org", now + timedelta(days=1)) is True
    assert throttle.claim("b@example.org", now) is True
    assert FormEmail.objects.count() == 2


# Confirming -------------------------------------------------------------------------------------------------


def test_confirm_needs_the_button_then_confirms_once(client, seeded, sent):
    client.post(SUBSCRIBE, form())
    confirm = path_of(link_in(sent[0]))
    page = client.get(confirm)
    assert page.status_code == 200
    assert "<h1>Confirm your email alerts</h1>" in page.content.decode()
    assert Subscriber.objects.get().confirmed_at is None  # opening the link (a mail scanner) confirms nothing

    done = client.post(confirm)
    assert done.status_code == 200 and "Subscription confirmed" in done.content.decode()
    confirmed_at = Subscriber.objects.get().confirmed_at
    assert confirmed_at is not None

    again = client.post(confirm)
    assert again.status_code == 200 and "You have already confirmed" in again.content.decode()
    assert Subscriber.objects.get().confirmed_at == confirmed_at
    assert "You have already confirmed" in client.get(confirm).content.decode()
    assert len(sent) == 1  # confirming sends nothing


def test_confirm_post_needs_the_csrf_token(seeded, sent):
    subscriber = make_subscriber(confirmed=False)
    response = Client(enforce_csrf_checks=True).post(links.link_path(subscriber, links.CONFIRM))
    assert response.status_code == 403
    assert Subscriber.objects.get().confirmed_at is None


def test_expired_confirmation_link_says_so(client, seeded, monkeypatch):
    subscriber = make_subscriber(confirmed=False)
    eight_days_ago = timezone.now().timestamp() - 8 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_ago)
    old = links.link_path(subscriber, links.CONFIRM)
    monkeypatch.undo()
    for method in (client.get, client.post):
        response = method(old)
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        assert 'href="/alerts/"' in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


def test_manage_and_unsubscribe_links_do_not_expire(client, seeded, monkeypatch):
    subscriber = make_subscriber()
    two_years_ago = timezone.now().timestamp() - 2 * 365 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: two_years_ago)
    manage, unsubscribe = links.link_path(subscriber, links.MANAGE), links.link_path(subscriber, links.UNSUBSCRIBE)
    monkeypatch.undo()
    assert client.get(manage).status_code == 200
    assert client.get(unsubscribe).status_code == 200


def forged_tokens(subscriber, purpose):
    """Values a visitor could put where the signed token goes, none of them a link for `purpose`."""
    good = links.sign(subscriber, purpose)
    value, _, signature = good.rpartition(":")
    timestamp = value.rpartition(":")[2]
    another_payload = signing.b64_encode(json.dumps([subscriber.pk + 1, subscriber.token]).encode()).decode()
    return (
        [
            "garbage",
            good[:-2] + ("AA" if good[-2:] != "AA" else "BB"),  # signature changed
            f"{value}:{'x' * len(signature)}",
            good[: len(good) // 2],  # cut short by an email program
            f"{another_payload}:{timestamp}:{signature}",  # someone else's id under this signature
            signing.dumps([subscriber.pk, subscriber.token], salt="another.purpose"),
            signing.dumps([subscriber.pk, subscriber.token], key="not-our-secret-key", salt=purpose),
            signing.dumps("just a string", salt=purpose),
            signing.dumps([subscriber.pk], salt=purpose),
            signing.dumps([str(subscriber.pk), subscriber.token], salt=purpose),
            signing.dumps([10**30, subscriber.token], salt=purpose),  # would overflow the database's integer
            signing.dumps([True, subscriber.token], salt=purpose),
            "é" * 300,
            "%00",
            "..",
        ]
        + [links.sign(subscriber, other) for other in links.URL_NAMES if other != purpose]
    )


@pytest.mark.parametrize("purpose", [links.CONFIRM, links.MANAGE, links.UNSUBSCRIBE])
def test_forged_or_tampered_links_get_a_clear_400(client, seeded, purpose):
    from django.urls import reverse

    subscriber = make_subscriber()
    for token in forged_tokens(subscriber, purpose):
        path = reverse(links.URL_NAMES[purpose], args=[token])
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 400, (token, response.status_code)
            assert "This link does not work" in response.content.decode()
            assert 'href="/alerts/"' in response.content.decode()
    assert client.get(reverse(links.URL_NAMES[purpose], args=["x"]).replace("/x/", "//")).status_code == 404
    assert Subscriber.objects.get().is_confirmed and Subscription.objects.count() == 1


def test_links_of_a_deleted_subscriber_stop_working_even_if_its_id_is_reused(client, seeded):
    subscriber = make_subscriber()
    manage = links.link_path(subscriber, links.MANAGE)
    pk = subscriber.pk
    subscriber.delete()
    response = client.get(manage)
    assert response.status_code == 410 and "This link no longer works" in response.content.decode()
    Subscriber.objects.create(pk=pk, email="next@example.org")  # SQLite reuses the highest id
    assert client.get(manage).status_code == 410


# Manage ------------------------------------------------------------------------------------------------------


def test_manage_shows_and_changes_the_lists(client, seeded):
    subscriber = make_subscriber()
    kept = Subscription.objects.get()
    manage = links.link_path(subscriber, links.MANAGE)
    html = client.get(manage).content.decode()
    assert "someone@example.org" in html
    assert re.search(r'<input type="radio" name="news" value="all"[^>]*checked', html)

    category = Category.objects.first()
    response = client.post(manage, form(email=None, news="some", categories=[category.pk], units="on"))
    assert response.status_code == 302 and response["Location"] == f"{manage}?saved=1"
    assert lists(subscriber) == sorted([("news_category", category.slug, "immediate"), ("units", None, "weekly")])
    assert "Your email alerts have been changed" in client.get(response["Location"]).content.decode()

    client.post(manage, form(email=None, news="some", categories=[category.pk], news_frequency="weekly", units="on"))
    row = subscriber.subscriptions.get(topic=Topic.NEWS_CATEGORY)
    assert row.frequency == "weekly"
    assert not Subscription.objects.filter(pk=kept.pk).exists()


def test_manage_keeps_rows_that_stay(client, seeded):
    subscriber = make_subscriber()
    kept = Subscription.objects.get()
    client.post(links.link_path(subscriber, links.MANAGE), form(email=None))
    assert Subscription.objects.get(topic=Topic.ALL_NEWS).created_at == kept.created_at


def test_manage_with_nothing_chosen_is_an_error_with_a_way_to_unsubscribe(client, seeded):
    subscriber = make_subscriber()
    response = client.post(links.link_path(subscriber, links.MANAGE), form(email=None, news="none", units=None))
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    # Signed afresh for the page (its timestamp may differ from one made here): check where it leads.
    unsubscribe = re.search(r'href="/alerts/unsubscribe/([^/"]+)/"', html).group(1)
    assert links.subscriber_for(unsubscribe, links.UNSUBSCRIBE) == subscriber
    assert lists(subscriber) == [("all_news", None, "immediate")]


def test_manage_post_needs_the_csrf_token(seeded):
    subscriber = make_subscriber()
    response = Client(enforce_csrf_checks=True).post(links.link_path(subscriber, links.MANAGE), form(news="none"))
    assert response.status_code == 403
    assert lists(subscriber) == [("all_news", None, "immediate")]


# Unsubscribe --------------------------------------------------------------------------------------------------


def test_unsubscribe_get_shows_a_button_and_changes_nothing(client, seeded):
    subscriber = make_subscriber()
    response = client.get(links.link_path(subscriber, links.UNSUBSCRIBE))
    html = response.content.decode()
    assert response.status_code == 200 and ">Unsubscribe</button>" in html
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_one_click_unsubscribe_rfc_8058_without_cookies_or_csrf(seeded):
    subscriber = make_subscriber()
    path = links.link_path(subscriber, links.UNSUBSCRIBE)
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You have unsubscribed" in response.content.decode()
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    # A retry by the mail program, or a second click: the same answer, never an error.
    assert mail_program.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert "You are not subscribed" in mail_program.get(path).content.decode()


def test_unsubscribe_button_redirects_to_a_page_with_nothing_personal(seeded):
    subscriber = make_subscriber()
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(links.link_path(subscriber, links.UNSUBSCRIBE))
    assert response.status_code == 303 and response["Location"] == "/alerts/unsubscribed/"
    page = browser.get("/alerts/unsubscribed/")
    assert page.status_code == 200 and "You have unsubscribed" in page.content.decode()
    assert not Subscriber.objects.exists()
    assert browser.get(links.link_path(subscriber, links.MANAGE)).status_code == 410


def test_unsubscribe_link_works_for_a_pending_subscriber_too(client, seeded):
    subscriber = make_subscriber(confirmed=False)
    client.post(links.link_path(subscriber, links.UNSUBSCRIBE))
    assert not Subscriber.objects.exists()


# Rate limit and flood --------------------------------------------------------------------------------------


def test_flood_from_one_client_is_stopped_with_a_clear_429(client, seeded, sent, settings):
    settings.ALERTS_RATE_LIMIT = "3/10m"
    assert client.post(SUBSCRIBE, form(email="")).status_code == 200  # a form with errors uses no allowance
    for number in range(3):
        assert CHECK_EMAIL in client.post(SUBSCRIBE, form(email=f"victim{number}@example.org")).content.decode()
    for number in range(3, 10):
        response = client.post(SUBSCRIBE, form(email=f"victim{number}@example.org"))
        assert response.status_code == 429
        assert "<h1>Too many requests sent</h1>" in response.content.decode()
    assert len(sent) == 3 and Subscriber.objects.count() == 3
    assert client.get(SUBSCRIBE).status_code == 200  # reading the form is never limited
    assert client.post(SUBSCRIBE, form(email="other@example.org"), REMOTE_ADDR="192.0.2.7").status_code == 200
    # A forged X-Forwarded-For does not give a new allowance when no proxy is trusted.
    assert client.post(SUBSCRIBE, form(email="x@example.org"), HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def test_flood_of_one_address_from_many_clients_sends_one_email(client, seeded, sent):
    for number in range(20):
        client.post(SUBSCRIBE, form(email="victim@example.org"), REMOTE_ADDR=f"192.0.2.{number + 1}")
    assert len(sent) == 1


# Clean-up -----------------------------------------------------------------------------------------------------


def test_unconfirmed_subscribers_are_deleted_after_seven_days(seeded):
    now = timezone.now()
    old_pending = make_subscriber("old@example.org", confirmed=False)
    Subscriber.objects.filter(pk=old_pending.pk).update(created_at=now - timedelta(days=7, minutes=1))
    new_pending = make_subscriber("new@example.org", confirmed=False)
    Subscriber.objects.filter(pk=new_pending.pk).update(created_at=now - timedelta(days=6, hours=23))
    old_confirmed = make_subscriber("kept@example.org", confirmed=True)
    Subscriber.objects.filter(pk=old_confirmed.pk).update(created_at=now - timedelta(days=400))
    FormEmail.objects.create(digest="a" * 64, sent_at=now - timedelta(days=1, seconds=1))
    FormEmail.objects.create(digest="b" * 64, sent_at=now - timedelta(hours=1))

    assert cleanup.delete_expired(now, dry_run=True) == (1, 1)
    assert Subscriber.objects.count() == 3
    assert cleanup.delete_expired(now) == (1, 1)
    assert set(Subscriber.objects.values_list("email", flat=True)) == {"new@example.org", "kept@example.org"}
    assert Subscription.objects.count() == 2
    assert list(FormEmail.objects.values_list("digest", flat=True)) == ["b" * 64]


def test_the_retention_command_covers_subscribers(seeded):
    import io

    old_pending = make_subscriber("old@example.org", confirmed=False)
    Subscriber.objects.filter(pk=old_pending.pk).update(created_at=timezone.now() - timedelta(days=8))
    out = io.StringIO()
    call_command("purge_feedback_personal_data", "--dry-run", stdout=out)
    assert "1 unconfirmed subscribers" in out.getvalue() and Subscriber.objects.exists()
    call_command("purge_feedback_personal_data", stdout=out)
    assert "Email alerts: 1 unconfirmed subscribers and 0 one-a-day email records deleted" in out.getvalue()
    assert not Subscriber.objects.exists()


# Models and links --------------------------------------------------------------------------------------------


def test_addresses_are_one_subscriber_whatever_their_case(seeded):
    Subscriber.objects.create(email="Ann@Example.org")
    assert Subscriber.objects.get().email == "ann@example.org"
    assert Subscriber.objects.for_email(" ANN@example.ORG").exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Subscriber.objects.create(email="ann@EXAMPLE.org")


def test_database_refuses_inconsistent_subscriptions(seeded):
    subscriber = make_subscriber()
    category = Category.objects.first()
    for bad in (
        {"topic": Topic.NEWS_CATEGORY},  # no category
        {"topic": Topic.UNITS, "category": category},  # a category on another topic
        {"topic": Topic.ALL_NEWS},  # a second all-news row
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Subscription.objects.create(subscriber=subscriber, frequency=Frequency.WEEKLY, **bad)
    Subscription.objects.create(subscriber=subscriber, topic=Topic.NEWS_CATEGORY, category=category)
    with pytest.raises(IntegrityError), transaction.atomic():
        Subscription.objects.create(subscriber=subscriber, topic=Topic.NEWS_CATEGORY, category=category)


def test_links_are_absolute_with_the_configured_scheme_and_domain(seeded, settings):
    settings.SITE_SCHEME, settings.SITE_DOMAIN = "https", "localoffer.example.gov.uk"
    subscriber = make_subscriber()
    for url, purpose in (
        (links.manage_url(subscriber), links.MANAGE),
        (links.unsubscribe_url(subscriber), links.UNSUBSCRIBE),
        (links.confirm_url(subscriber), links.CONFIRM),
    ):
        assert url.startswith("https://localoffer.example.gov.uk/alerts/")
        token = url.rstrip("/").rsplit("/", 1)[1]
        assert links.subscriber_for(token, purpose) == subscriber


# Caching and pages -------------------------------------------------------------------------------------------


def test_no_alerts_page_is_stored_in_the_page_cache(client, seeded):
    subscriber = make_subscriber()
    paths = [
        SUBSCRIBE,
        links.link_path(subscriber, links.CONFIRM),
        links.link_path(subscriber, links.MANAGE),
        links.link_path(subscriber, links.UNSUBSCRIBE),
        "/alerts/unsubscribed/",
    ]
    for path in paths:
        for _ in range(2):
            response = Client().get(path)  # anonymous, no cookies: what the page cache would serve
            assert response.status_code == 200, path
            assert "X-Page-Cache" not in response, path
            assert "no-cache" in response["Cache-Control"], path


def test_signed_links_never_leak_into_the_page(client, seeded):
    subscriber = make_subscriber()
    token = links.sign(subscriber, links.MANAGE)
    html = client.get(links.link_path(subscriber, links.MANAGE)).content.decode()
    assert 'rel="canonical"' not in html  # a canonical link would repeat the token
    assert "/have-your-say/?page=/alerts/" in html  # "report a problem" never carries the token
    assert html.count(token) == 1  # only the form's own action


def test_links_to_alerts_from_news_directory_and_footer(client, seeded):
    for path in ("/news/", "/send-units/", "/"):
        assert 'href="/alerts/"' in client.get(path).content.decode(), path


def test_privacy_notice_covers_subscribers(client, seeded):
    html = client.get("/privacy/").content.decode()
    assert "If you subscribe to email alerts" in html
    for fact in ("7 days", "Unsubscribing deletes your address", "one email a day"):
        assert fact in html


def test_hostile_address_is_escaped_on_the_check_email_page(client, seeded, sent):
    # Valid per RFC 5322 (quoted local part), and it must come back escaped.
    response = client.post(SUBSCRIBE, form(email='"<b>x</b>"@example.org'))
    html = response.content.decode()
    assert "<b>x</b>" not in html
    if CHECK_EMAIL in html:
        assert "&lt;b&gt;x&lt;/b&gt;" in html


# Query counts ------------------------------------------------------------------------------------------------


def queries(callable_):
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context)


def subscribe_and_manage(client, email, categories):
    """Query counts of: subscribing to `categories`, opening the manage page, changing the lists."""
    counts = [queries(lambda: client.post(SUBSCRIBE, form(email=email, news="some", categories=categories)))]
    subscriber = Subscriber.objects.get(email=email)
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmed_at=timezone.now())
    manage = links.link_path(subscriber, links.MANAGE)
    counts.append(queries(lambda: client.get(manage)))
    counts.append(queries(lambda: client.post(manage, form(email=None, news="some", categories=categories[1:]))))
    assert subscriber.subscriptions.count() == len(categories)  # one category fewer, SEND units added
    return counts


def test_queries_are_bounded_whatever_the_number_of_categories(client, seeded, sent, django_assert_max_num_queries):
    for number in range(30):
        Category.objects.create(name=f"Extra {number}", slug=f"extra-{number}")
    categories = list(Category.objects.values_list("pk", flat=True))
    client.get(SUBSCRIBE)  # menus cached, as on a running site
    few = subscribe_and_manage(client, "few@example.org", categories[:2])
    many = subscribe_and_manage(client, "many@example.org", categories[:30])
    assert few == many
    assert max(many) <= 25


# Admin --------------------------------------------------------------------------------------------------------


def test_editors_see_counts_and_no_addresses(client, editor):
    make_subscriber("secret-address@example.org")
    client.force_login(editor)
    response = client.get("/admin/alerts/subscription/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "secret-address" not in html and "Subscribers per list" in html
    assert client.get("/admin/alerts/subscriber/").status_code == 403
    subscriber = Subscriber.objects.get()
    assert client.get(f"/admin/alerts/subscriber/{subscriber.pk}/change/").status_code == 403
    assert client.get(f"/admin/alerts/subscription/{Subscription.objects.get().pk}/change/").status_code == 404


def test_counts_per_list(client, publisher, django_assert_max_num_queries):
    one, two = Category.objects.all()[:2]
    first = make_subscriber("a@example.org")  # all news, immediate
    Subscription.objects.create(subscriber=first, topic=Topic.UNITS, frequency=Frequency.WEEKLY)
    second = Subscriber.objects.create(email="b@example.org", confirmed_at=timezone.now())
    Subscription.objects.create(subscriber=second, topic=Topic.NEWS_CATEGORY, category=one, frequency=Frequency.WEEKLY)
    pending = make_subscriber("c@example.org", confirmed=False)
    Subscription.objects.create(subscriber=pending, topic=Topic.NEWS_CATEGORY, category=one)

    from alerts.counts import list_counts, subscriber_totals

    rows = {row.name: row for row in list_counts()}
    assert (rows["All news"].immediate, rows["All news"].weekly, rows["All news"].pending) == (1, 0, 1)
    assert (rows[f"News: {one.name}"].weekly, rows[f"News: {one.name}"].pending) == (1, 1)
    assert rows[f"News: {two.name}"].confirmed == 0
    assert rows["Changes in the SEND unit directory"].weekly == 1
    assert subscriber_totals() == {"confirmed": 2, "pending": 1}

    client.force_login(publisher)
    with django_assert_max_num_queries(20):
        html = client.get("/admin/alerts/subscription/").content.decode()
    assert "<strong>2</strong> confirmed subscribers" in html and "<strong>1</strong> waiting" in html


def test_publishers_see_addresses_read_only_and_can_delete_one(client, publisher):
    subscriber = make_subscriber("Person@example.org")
    client.force_login(publisher)
    listing = client.get("/admin/alerts/subscriber/?q=PERSON@example.org")
    assert listing.status_code == 200 and "person@example.org" in listing.content.decode()
    assert client.get("/admin/alerts/subscriber/add/").status_code == 403
    change = client.get(f"/admin/alerts/subscriber/{subscriber.pk}/change/").content.decode()
    assert 'name="email"' not in change  # read-only
    response = client.post(f"/admin/alerts/subscriber/{subscriber.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()


def test_no_admin_action_sends_email(seeded):
    from django.contrib import admin

    superuser = StaffUserFactory(username="root", is_superuser=True)
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/alerts/subscriber/")
    request.user = superuser
    actions = admin.site._registry[Subscriber].get_actions(request)
    assert set(actions) == {"delete_selected"}


def test_subscribers_are_not_in_the_change_log(seeded):
    """The audit log would keep a copy of an address after its owner unsubscribed."""
    from auditlog.registry import auditlog

    assert not auditlog.contains(Subscriber) and not auditlog.contains(Subscription)


def test_without_categories_the_form_does_not_offer_them(client, seeded, sent):
    Category.objects.all().delete()
    html = client.get(SUBSCRIBE).content.decode()
    assert "Only news in the categories I choose" not in html and "News categories" not in html
    response = client.post(SUBSCRIBE, form(news="some"))
    assert "Select a valid choice" in response.content.decode() and sent == []
    client.post(SUBSCRIBE, form(news="all"))
    assert lists(Subscriber.objects.get()) == [("all_news", None, "immediate"), ("units", None, "weekly")]
