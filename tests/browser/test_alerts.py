"""Email alerts in a real browser: axe (WCAG 2.2 AA) and 320 px reflow on every page and state (form, errors,
check your email, confirm, confirmed, manage, manage errors, saved, unsubscribe, unsubscribed, bad links, the
429 page), a keyboard-only subscribe journey from the news list, and the form without JavaScript."""

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from alerts import links
from alerts.models import Subscriber
from news.models import Category

from .pages import SitePage, describe_violations
from .test_units_directory import tab_to

pytestmark = pytest.mark.browser

SUBSCRIBE = "/alerts/"


def check_state(site, label):
    """axe finds nothing, and at 320 px wide nothing scrolls sideways (then back to the normal width)."""
    violations = site.axe_violations()
    assert violations == [], f"{label}:\n{describe_violations(violations)}"
    width = site.page.viewport_size
    site.page.set_viewport_size({"width": 320, "height": 640})
    overflow = site.horizontal_overflow()
    assert overflow["scrollWidth"] <= overflow["clientWidth"], f"{label} at 320px: {overflow}"
    violations = site.axe_violations()
    assert violations == [], f"{label} at 320px:\n{describe_violations(violations)}"
    site.page.set_viewport_size(width)


def submit(page, name):
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=name).click()
    return navigation.value


def test_every_alerts_page_and_state(fresh_site, new_context, settings):
    cache.clear()
    page = new_context().new_page()
    site = SitePage(page, fresh_site.url)

    site.goto(SUBSCRIBE)
    check_state(site, "the form")

    page.get_by_label("Email address").fill("not an address")
    page.get_by_label("Only news in the categories I choose").check()
    assert submit(page, "Subscribe").status == 200
    assert page.title().startswith("Error: ")
    assert page.locator(".error-summary li").count() == 2
    check_state(site, "the form with errors")

    page.get_by_label("Email address").fill("a.parent+alerts@example.org")
    page.get_by_label(Category.objects.order_by("name").first().name).check()
    page.get_by_label("Changes in the SEND unit directory").check()
    page.get_by_role("group", name="How often do you want emails about SEND units?").get_by_label(
        "Weekly summary"
    ).check()
    submit(page, "Subscribe")
    assert page.locator("h1").inner_text() == "Check your email"
    check_state(site, "check your email")

    subscriber = Subscriber.objects.get()
    site.goto(links.link_path(subscriber, links.CONFIRM))
    check_state(site, "confirm")
    submit(page, "Confirm")
    assert page.locator("h1").inner_text() == "Subscription confirmed"
    check_state(site, "confirmed")
    site.goto(links.link_path(subscriber, links.CONFIRM))
    assert page.locator("h1").inner_text() == "You have already confirmed"
    check_state(site, "already confirmed")

    site.goto(links.link_path(subscriber, links.MANAGE))
    check_state(site, "manage")
    page.get_by_label("No news emails").check()
    page.get_by_label("Changes in the SEND unit directory").uncheck()
    submit(page, "Save changes")
    assert page.locator(".error-summary").count() == 1
    check_state(site, "manage with errors")
    page.get_by_label("All news").check()
    submit(page, "Save changes")
    assert page.get_by_role("status").inner_text().startswith("Your email alerts have been changed")
    check_state(site, "manage, saved")

    page.get_by_role("link", name="unsubscribe from all email alerts").click()
    page.wait_for_url("**/alerts/unsubscribe/**")
    check_state(site, "unsubscribe")
    submit(page, "Unsubscribe")
    assert page.locator("h1").inner_text() == "You have unsubscribed"
    check_state(site, "unsubscribed")

    site.goto(links.link_path(subscriber, links.MANAGE), expected_status=410)
    check_state(site, "link no longer works")
    site.goto("/alerts/manage/not-a-real-link/", expected_status=400)
    check_state(site, "link does not work")
    pending = Subscriber.objects.create(email="late@example.org")
    expired = signing.TimestampSigner(salt=links.CONFIRM)
    expired.timestamp = lambda: signing.b62_encode(int(timezone.now().timestamp()) - 8 * 24 * 3600)
    token = expired.sign_object([pending.pk, pending.token])
    site.goto(f"/alerts/confirm/{token}/", expected_status=410)
    assert page.locator("h1").inner_text() == "This link has expired"
    check_state(site, "link expired")

    settings.ALERTS_RATE_LIMIT = "0/m"
    site.goto(SUBSCRIBE)
    page.get_by_label("Email address").fill("limited@example.org")
    page.get_by_label("All news").check()
    assert submit(page, "Subscribe").status == 429
    check_state(site, "too many requests")


def test_keyboard_only_subscribe_journey_from_the_news_list(fresh_site, new_context):
    cache.clear()
    page = new_context().new_page()
    site = SitePage(page, fresh_site.url)
    site.goto("/news/")

    tab_to(page, "a:text('Get news by email')", limit=300)
    page.keyboard.press("Enter")
    page.wait_for_url("**/alerts/")

    # Send it empty: the error summary takes focus, and its links lead to the fields.
    tab_to(page, "button:text('Subscribe')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.classList.contains('error-summary')")
    page.keyboard.press("Tab")
    assert site.focused_element()["text"] == "Enter your email address"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'id_email'")
    page.keyboard.type("keyboard.parent@example.org")

    page.keyboard.press("Tab")  # the first news choice: "All news"
    assert site.focused_element()["id"] == "id_news_0"
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys: "Only news in the categories I choose"
    assert site.focused_element()["id"] == "id_news_1"
    page.keyboard.press("Tab")  # the first category
    assert site.focused_element()["id"] == "id_categories_0"
    page.keyboard.press("Space")
    tab_to(page, "#id_units")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the SEND units frequency group (its checked radio)
    page.keyboard.press("ArrowDown")  # "Weekly summary"
    page.keyboard.press("Tab")
    assert site.focused_element()["tag"] == "button", "the honeypot must not be in the tab order"
    style = site.focused_style()
    assert style["outline-style"] != "none" or style["box-shadow"] != "none"  # focus is visible
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Check your email"

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "keyboard.parent@example.org" and not subscriber.is_confirmed
    rows = sorted((row.topic, row.frequency) for row in subscriber.subscriptions.all())
    assert rows == [("news_category", "immediate"), ("units", "weekly")]

    site.goto(links.link_path(subscriber, links.CONFIRM))
    tab_to(page, "button:text('Confirm')", limit=200)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Subscription confirmed"
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed


def test_subscribe_and_unsubscribe_work_without_javascript(fresh_site, new_context):
    cache.clear()
    page = new_context(java_script_enabled=False).new_page()
    site = SitePage(page, fresh_site.url)
    site.goto("/send-units/")
    page.get_by_role("link", name="Get an email when a SEND unit is added, opens or changes status").click()
    page.wait_for_url("**/alerts/")
    page.get_by_label("Email address").fill("nojs@example.org")
    page.get_by_label("No news emails").check()
    page.get_by_label("Changes in the SEND unit directory").check()
    submit(page, "Subscribe")
    assert page.locator("h1").inner_text() == "Check your email"
    subscriber = Subscriber.objects.get()
    site.goto(links.link_path(subscriber, links.UNSUBSCRIBE))
    submit(page, "Unsubscribe")
    assert page.locator("h1").inner_text() == "You have unsubscribed"
    assert not Subscriber.objects.exists()
