"""'Have your say' and 'You said, we did' in a real browser: axe on every state (empty form, errors,
confirmation, the 429 page, the register) and a keyboard-only journey from a page's "Report a problem" link."""

import pytest
from django.core.cache import cache

from feedback.models import Submission

from .pages import SitePage, describe_violations
from .test_units_directory import tab_to

pytestmark = pytest.mark.browser

FORM = "/have-your-say/"


def assert_no_violations(site, label):
    violations = site.axe_violations()
    assert violations == [], f"{label}:\n{describe_violations(violations)}"


@pytest.mark.parametrize("path", [FORM, f"{FORM}?page=/about/", "/you-said-we-did/"])
def test_form_and_register_have_no_axe_violations(seeded_site, page, path):
    site = SitePage(page, seeded_site.url)
    site.goto(path)
    assert_no_violations(site, path)


@pytest.mark.parametrize("path", [FORM, "/you-said-we-did/"])
def test_form_and_register_reflow_at_320px(seeded_site, new_context, path):
    site = SitePage(new_context(viewport={"width": 320, "height": 640}).new_page(), seeded_site.url)
    site.goto(path)
    overflow = site.horizontal_overflow()
    assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow
    assert_no_violations(site, f"{path} at 320px")


def test_rate_limited_page_has_no_axe_violations(seeded_site, new_context, settings):
    settings.FEEDBACK_RATE_LIMIT = "0/m"  # every comment is over the limit
    page = new_context().new_page()
    site = SitePage(page, seeded_site.url)
    site.goto(FORM)
    page.get_by_label("The local offer as a whole").check()
    page.get_by_label("Your comment").fill("Rate limited comment")
    page.get_by_label("A parent or carer").check()
    page.get_by_role("group", name="May we publish").get_by_label("Yes").check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send your comment").click()
    assert navigation.value.status == 429
    assert page.locator("h1").inner_text() == "Too many comments sent"
    assert_no_violations(site, "429 page")


def test_parent_reports_a_problem_with_the_keyboard_only(fresh_site, new_context):
    cache.clear()
    page = new_context().new_page()
    site = SitePage(page, fresh_site.url)
    site.goto("/about/")

    tab_to(page, "a:text('Report a problem with this page')", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url("**/have-your-say/?page=/about/")
    assert page.locator("#id_page_path").input_value() == "/about/"
    assert page.locator("#id_about_1").is_checked()  # "A page on this website"
    assert_no_violations(site, "form with a page filled in")

    # Send it with nothing else filled in: the error summary.
    tab_to(page, "button.button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Error: ")
    page.wait_for_function("document.activeElement.classList.contains('error-summary')")
    assert_no_violations(site, "form with errors")

    page.keyboard.press("Tab")
    assert site.focused_element()["text"] == "Enter your comment"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'id_comment'")
    page.keyboard.type("The page about the partnership does not say how to join the parent carer forum. ✓")
    page.keyboard.press("Tab")  # the first "Who are you?" radio
    assert site.focused_element()["id"] == "id_role_0"
    page.keyboard.press("Space")
    tab_to(page, "#id_publish_consent_0")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert site.focused_element()["tag"] == "button", "the honeypot must not be in the tab order"
    page.keyboard.press("Enter")

    page.wait_for_url("**/have-your-say/thank-you/**")
    assert page.locator("h1").inner_text() == "Your comment has been sent"
    assert_no_violations(site, "confirmation")
    stored = Submission.objects.get(is_example=False)
    assert stored.page_path == "/about/"
    assert stored.role == "parent" and stored.publish_consent is True
    assert stored.comment.endswith("forum. ✓")


def test_form_works_without_javascript(fresh_site, new_context):
    cache.clear()
    page = new_context(java_script_enabled=False).new_page()
    site = SitePage(page, fresh_site.url)
    site.goto(FORM)
    page.get_by_label("How accessible our information is").check()
    page.get_by_label("Your comment").fill("The PDF on the inspection page cannot be read by my screen reader.")
    page.get_by_label("A child or young person").check()
    page.get_by_role("group", name="May we publish").get_by_label("No").check()
    page.get_by_role("button", name="Send your comment").click()
    page.wait_for_url("**/have-your-say/thank-you/**")
    assert Submission.objects.filter(is_example=False, about="accessibility", publish_consent=False).count() == 1
