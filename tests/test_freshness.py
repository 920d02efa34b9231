"""Keeping content true: review-by dates, the review dashboard and its one action, "Last reviewed" on public
pages, and a directory headline that says where its numbers come from."""

import datetime
import io

import pytest
from cms.api import create_page
from cms.models import Page, PageContent
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.models import Version

from freshness import seed as freshness_seed
from freshness.dates import next_review
from freshness.models import PageReview
from tests.factories_documents import strategy_page
from tests.factories_units import SendUnitFactory
from tests.roles.matrix import change_form_data
from units.models import Figure, SendUnit, Status

DASHBOARD = "/admin/freshness/pagereview/"
LONG_AGO = datetime.date(2025, 1, 6)


def check_url():
    return reverse("admin:freshness_check")


def today():
    return timezone.localdate()


def about():
    return Page.objects.get(reverse_id="about")


def set_page_review(page, last_reviewed, review_by):
    PageReview.objects.update_or_create(
        extended_object=page, defaults={"last_reviewed": last_reviewed, "review_by": review_by}
    )


def published_page(title, user, template="page.html"):
    page = create_page(title, template, "en", created_by=user, in_navigation=False)
    content = PageContent.admin_manager.get(page=page, language="en")
    Version.objects.get_for_content(content).publish(user)
    return page


def section(html, heading_id):
    """The part of the dashboard under one heading."""
    start = html.index(f'id="{heading_id}"')
    following = html.find("<h2", start)
    return html[start : following if following != -1 else len(html)]


# The rule ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 15), datetime.date(2026, 7, 15)),
        (datetime.date(2026, 8, 31), datetime.date(2027, 2, 28)),
        (datetime.date(2027, 8, 31), datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 1), datetime.date(2027, 6, 1)),
    ],
)
def test_review_by_is_six_months_on(day, expected):
    assert next_review(day) == expected


# Default dates ----------------------------------------------------------------------------------------------


def test_publishing_a_page_sets_its_review_dates(publisher):
    page = published_page("Short breaks", publisher)
    review = PageReview.objects.get(extended_object=page)
    assert (review.last_reviewed, review.review_by) == (today(), next_review(today()))


def test_publishing_a_new_version_extends_the_review(publisher):
    page = about()
    set_page_review(page, LONG_AGO, LONG_AGO)
    content = PageContent.objects.get(page=page, language="en")
    draft = Version.objects.get_for_content(content).copy(publisher)
    draft.publish(publisher)
    review = PageReview.objects.get(extended_object=page)
    assert (review.last_reviewed, review.review_by) == (today(), next_review(today()))


def test_a_draft_does_not_count_as_a_review(editor):
    page = about()
    set_page_review(page, LONG_AGO, LONG_AGO)
    Version.objects.get_for_content(PageContent.objects.get(page=page, language="en")).copy(editor)
    assert PageReview.objects.get(extended_object=page).review_by == LONG_AGO


def test_every_seeded_page_has_review_dates_from_when_it_was_published(seeded):
    published = set(PageContent.objects.filter(language="en", page__site_id=1).values_list("page_id", flat=True))
    reviews = dict(PageReview.objects.values_list("extended_object_id", "last_reviewed"))
    assert published <= set(reviews)


def test_seed_gives_pages_published_before_the_app_dates_from_their_publish_date(seeded):
    page = about()
    PageReview.objects.filter(extended_object=page).delete()
    content = PageContent.objects.get(page=page, language="en")
    Version.objects.filter(pk=Version.objects.get_for_content(content).pk).update(
        modified=timezone.make_aware(datetime.datetime(2025, 3, 4, 12, 0))
    )
    freshness_seed.seed(io.StringIO())
    review = PageReview.objects.get(extended_object=page)
    assert (review.last_reviewed, review.review_by) == (datetime.date(2025, 3, 4), datetime.date(2025, 9, 4))
    freshness_seed.seed(io.StringIO())  # idempotent
    assert PageReview.objects.filter(extended_object=page).count() == 1


def test_a_new_unit_is_due_six_months_after_it_is_added(seeded):
    unit = SendUnitFactory(last_checked=None)
    assert unit.review_by == next_review(today())
    checked = SendUnitFactory(last_checked=LONG_AGO)
    assert checked.review_by == next_review(LONG_AGO)


def test_seeded_units_were_never_checked_and_are_due_six_months_after_they_were_added(seeded):
    unit = SendUnit.objects.get(slug="barden-primary-school")
    assert unit.last_checked is None
    assert unit.review_by == next_review(timezone.localdate(unit.updated_at))


def test_a_new_check_date_moves_the_review_date_unless_staff_set_both(seeded):
    unit = SendUnitFactory(last_checked=LONG_AGO)
    unit = SendUnit.objects.get(pk=unit.pk)
    unit.last_checked = datetime.date(2026, 3, 1)
    unit.save()
    assert unit.review_by == datetime.date(2026, 9, 1)
    unit = SendUnit.objects.get(pk=unit.pk)
    unit.last_checked, unit.review_by = datetime.date(2026, 4, 1), datetime.date(2026, 5, 1)
    unit.save()
    assert SendUnit.objects.get(pk=unit.pk).review_by == datetime.date(2026, 5, 1)


# The dashboard ----------------------------------------------------------------------------------------------


def test_dashboard_lists_overdue_and_due_soon_only(client, publisher):
    now = today()
    overdue_page = published_page("Overdue page", publisher)
    soon_page = published_page("Soon page", publisher)
    later_page = published_page("Later page", publisher)
    set_page_review(overdue_page, LONG_AGO, now - datetime.timedelta(days=1))
    set_page_review(soon_page, LONG_AGO, now + datetime.timedelta(days=30))
    set_page_review(later_page, LONG_AGO, now + datetime.timedelta(days=31))
    strategy, _ = strategy_page("Overdue strategy", publisher)
    set_page_review(strategy, LONG_AGO, LONG_AGO)
    SendUnitFactory(name="Overdue unit", last_checked=LONG_AGO, review_by=LONG_AGO)
    SendUnitFactory(name="Today unit", last_checked=LONG_AGO, review_by=now)
    SendUnitFactory(name="Later unit", last_checked=now)
    SendUnitFactory(name="Closed unit", status=Status.CLOSED, review_by=LONG_AGO)

    client.force_login(publisher)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    overdue, due_soon = section(html, "overdue"), section(html, "due-soon")
    assert "Overdue page" in overdue and "Overdue unit" in overdue and "Overdue strategy" in overdue
    assert "Strategy or plan" in overdue
    assert "Soon page" in due_soon and "Today unit" in due_soon
    assert "Soon page" not in overdue
    for absent in ("Later page", "Later unit", "Closed unit"):
        assert absent not in html
    assert html.count("Checked, still right<") > 0
    assert reverse("admin:units_sendunit_change", args=[SendUnit.objects.get(name="Overdue unit").pk]) in overdue


def test_unpublished_pages_are_not_listed(client, publisher):
    page = create_page("Never published", "page.html", "en", created_by=publisher)
    set_page_review(page, LONG_AGO, LONG_AGO)
    client.force_login(publisher)
    assert "Never published" not in client.get(DASHBOARD).content.decode()


def test_dashboard_queries_do_not_grow_with_the_number_of_items(client, publisher, django_assert_max_num_queries):
    now = today()
    set_page_review(published_page("Stale page", publisher), LONG_AGO, LONG_AGO)
    set_page_review(published_page("Due page", publisher), LONG_AGO, now)
    SendUnitFactory(review_by=LONG_AGO)
    client.force_login(publisher)
    client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as before:
        client.get(DASHBOARD)
    for number in range(5):
        set_page_review(published_page(f"Stale page {number}", publisher), LONG_AGO, LONG_AGO)
        set_page_review(published_page(f"Due page {number}", publisher), LONG_AGO, now)
    strategy_page("Stale strategy", publisher)
    SendUnitFactory.create_batch(40, review_by=LONG_AGO)
    SendUnitFactory.create_batch(10, review_by=now)
    with django_assert_max_num_queries(len(before)):
        html = client.get(DASHBOARD).content.decode()
    assert "Stale page 4" in html


def test_editor_sees_the_dashboard_without_the_action(client, editor):
    SendUnitFactory(name="Overdue unit", review_by=LONG_AGO)
    client.force_login(editor)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "Checked, still right<" not in response.content.decode()
    assert "A publisher marks items as checked" in response.content.decode()
    assert "Overdue unit" in response.content.decode()
    assert "/admin/units/sendunit/" not in response.content.decode()  # editors cannot open unit records


def test_dashboard_is_on_the_admin_index_for_staff(client, editor):
    client.force_login(editor)
    assert DASHBOARD in client.get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, seeded):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "login" in response["Location"]


# "Checked, still right" -------------------------------------------------------------------------------------


def test_publisher_marks_a_page_checked_and_the_public_sees_it(client, publisher):
    page = about()
    set_page_review(page, LONG_AGO, LONG_AGO)
    client.get("/about/")  # cached with the old date
    client.force_login(publisher)
    response = client.post(check_url(), {"kind": "page", "pk": page.pk})
    assert response.status_code == 302
    review = PageReview.objects.get(extended_object=page)
    assert (review.last_reviewed, review.review_by) == (today(), next_review(today()))
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert "About" in message and "Next review by" in message
    client.logout()
    html = client.get("/about/").content.decode()
    assert f'Last reviewed <time datetime="{today().isoformat()}">' in html


def test_publisher_marks_a_unit_checked_and_the_public_sees_it(client, publisher):
    unit = SendUnit.objects.get(slug="barden-primary-school")
    assert "Not yet checked" in client.get(unit.get_absolute_url()).content.decode()
    client.force_login(publisher)
    response = client.post(check_url(), {"kind": "unit", "pk": unit.pk}, follow=True)
    assert "marked as checked" in response.content.decode()
    unit.refresh_from_db()
    assert (unit.last_checked, unit.review_by) == (today(), next_review(today()))
    client.logout()
    html = client.get(unit.get_absolute_url()).content.decode()
    assert "<dt>Last reviewed</dt>" in html
    assert today().strftime("%B %Y") in html
    assert "Not yet checked" not in html


@pytest.mark.parametrize("role", ["editor", "anonymous"])
def test_only_publishers_may_mark_checked(client, editor, role):
    page = about()
    set_page_review(page, LONG_AGO, LONG_AGO)
    unit = SendUnit.objects.get(slug="barden-primary-school")
    if role == "editor":
        client.force_login(editor)
    for kind, pk in (("page", page.pk), ("unit", unit.pk)):
        response = client.post(check_url(), {"kind": kind, "pk": pk})
        assert response.status_code == (403 if role == "editor" else 302)
    assert PageReview.objects.get(extended_object=page).last_reviewed == LONG_AGO
    unit.refresh_from_db()
    assert unit.last_checked is None


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "page", "pk": "999999"},
        {"kind": "unit", "pk": "999999"},
        {"kind": "page", "pk": "not-a-number"},
        {"kind": "unit", "pk": "99999999999999999999999"},
        {"kind": "unit", "pk": "-1"},
        {"kind": "article", "pk": "1"},
        {"kind": "page"},
        {},
    ],
)
def test_bad_ids_get_a_clear_message_not_an_error(client, publisher, data):
    client.force_login(publisher)
    response = client.post(check_url(), data, follow=True)
    assert response.status_code == 200
    assert "could not be found" in response.content.decode()


def test_closed_units_and_unpublished_pages_cannot_be_marked(client, publisher):
    closed = SendUnitFactory(status=Status.CLOSED, review_by=LONG_AGO)
    draft_page = create_page("Draft only", "page.html", "en", created_by=publisher)
    client.force_login(publisher)
    for kind, pk in (("unit", closed.pk), ("page", draft_page.pk)):
        response = client.post(check_url(), {"kind": kind, "pk": pk}, follow=True)
        assert "could not be found" in response.content.decode()
    assert not PageReview.objects.filter(extended_object=draft_page).exists()


def test_marking_checked_needs_post_and_csrf(client, publisher):
    from django.test import Client

    client.force_login(publisher)
    assert client.get(check_url()).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(publisher)
    assert strict.post(check_url(), {"kind": "page", "pk": about().pk}).status_code == 403


# "Last reviewed" on public pages -----------------------------------------------------------------------------


def test_page_shows_last_reviewed_with_one_query(client, seeded, settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.CMS_PAGE_CACHE = False
    set_page_review(about(), datetime.date(2026, 2, 3), datetime.date(2026, 8, 3))
    client.get("/about/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/about/")
    assert 'Last reviewed <time datetime="2026-02-03">3 February 2026</time>' in response.content.decode()
    assert sum("freshness_pagereview" in query["sql"] for query in queries.captured_queries) == 1


def test_page_without_a_review_shows_no_date(client, seeded):
    PageReview.objects.filter(extended_object=about()).delete()
    assert "Last reviewed" not in client.get("/about/").content.decode()


def test_strategy_page_shows_last_reviewed(client, seeded):
    path = "/strategies-and-plans/send-plan-2021-2025/"
    html = client.get(path).content.decode()
    assert "Last reviewed <time" in html
    page = Page.objects.get(urls__path="strategies-and-plans/send-plan-2021-2025")
    set_page_review(page, datetime.date(2026, 5, 6), datetime.date(2026, 11, 6))
    assert 'Last reviewed <time datetime="2026-05-06">6 May 2026</time>' in client.get(path).content.decode()


# The directory headline -------------------------------------------------------------------------------------


def test_headline_counts_unit_places_only_when_every_open_unit_has_them(client, seeded):
    SendUnit.objects.update(places=16)
    html = client.get("/send-units/").content.decode()
    assert "9 SEND units are open for up to 144 children." in html
    assert "number of places comes from" not in html


def test_a_tenth_unit_without_places_never_mixes_sources(client, seeded):
    SendUnit.objects.update(places=16)
    Figure.objects.filter(kind=Figure.Kind.OPEN_PLACES).update(as_of=datetime.date(2023, 3, 2))
    SendUnitFactory(status=Status.OPEN, opening_date=datetime.date(2026, 9, 1), places=None)
    html = client.get("/send-units/").content.decode()
    assert "10 SEND units are open." in html
    assert "10 SEND units are open for up to" not in html
    assert (
        "Not every open unit's number of places is known yet, so the number of places comes from the SEND "
        "Partnership's published figure of 2 March 2023: up to 144 children in open units." in html
    )


def test_admin_warns_when_an_open_unit_has_no_places(client, publisher):
    unit = SendUnit.objects.get(slug="barden-primary-school")
    client.force_login(publisher)
    url = reverse("admin:units_sendunit_change", args=[unit.pk])
    response = client.post(url, change_form_data(unit, description="Checked with the school."), follow=True)
    assert response.status_code == 200
    warnings = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "number of places is not known" in str(warnings[0]) and "Figures" in str(warnings[0])
    unit.refresh_from_db()
    assert unit.description == "Checked with the school."  # saved: a warning, not an error


def test_admin_does_not_warn_when_places_are_known(client, publisher):
    unit = SendUnit.objects.get(slug="barden-primary-school")
    client.force_login(publisher)
    url = reverse("admin:units_sendunit_change", args=[unit.pk])
    response = client.post(url, change_form_data(unit, places="12"), follow=True)
    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_a_long_list_shows_the_most_overdue_first_and_says_how_many_more(client, publisher, monkeypatch):
    from freshness import dashboard

    monkeypatch.setattr(dashboard, "LIMIT", 3)
    for day in range(1, 6):
        SendUnitFactory(name=f"Stale unit {day}", review_by=datetime.date(2025, 1, day))
    client.force_login(publisher)
    overdue = section(client.get(DASHBOARD).content.decode(), "overdue")
    assert "Stale unit 1" in overdue and "Stale unit 3" in overdue
    assert "Stale unit 4" not in overdue
    assert "Showing the first 3, most overdue first; 2 more will show as these are checked." in overdue
