"""'Have your say' and 'You said, we did': the form, storage before confirmation, notification, spam and rate
limits, hostile input, staff triage and publishing, the anonymous register, and retention."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback import seed as feedback_seed
from feedback.models import About, Role, Status, Submission, Theme
from jobs.testing import run_jobs
from localoffer.defang import defang

from .factories import StaffUserFactory

FORM = "/have-your-say/"
THANKS = "/have-your-say/thank-you/"
REGISTER = "/you-said-we-did/"
CSV_EXPORT = "/you-said-we-did/export.csv"

HOSTILE = [
    "<script>alert('x')</script>",
    "'; DROP TABLE feedback_submission; --",
    "Robert'); SELECT * FROM auth_user WHERE '1'='1",
    "Emoji 👩‍👧‍👦 and 🧩 fine",
    "نص من اليمين إلى اليسار مع <b>وسوم</b>",
    "\u202eRLO override text",
    "<img src=x onerror=alert(1)>",
]


def valid(**overrides):
    data = {
        "about": "local-offer",
        "page_path": "",
        "unit": "",
        "comment": "The pages about SEND units are helpful.",
        "role": "parent",
        "name": "",
        "email": "",
        "publish_consent": "yes",
        "website": "",
    }
    data.update(overrides)
    return data


def make_submission(**fields):
    defaults = {
        "about": About.LOCAL_OFFER,
        "role": Role.PARENT,
        "comment": "A comment",
        "publish_consent": True,
    }
    defaults.update(fields)
    return Submission.objects.create(**defaults)


def published(theme=None, when=datetime.date(2026, 5, 1), **fields):
    theme = theme or Theme.objects.get(slug="finding-information")
    values = {"status": Status.PUBLISHED, "theme": theme, "you_said": "Summary", "we_did": "Response"}
    return make_submission(**{**values, "response_date": when, **fields})


# The form ----------------------------------------------------------------------------------------------------


def test_form_page_is_in_the_site_layout_with_breadcrumbs(client, seeded):
    response = client.get(FORM)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Have your say about the local offer</h1>" in html
    crumbs = html[html.index('aria-label="Breadcrumb"') :]
    assert '<a href="/">Home</a>' in crumbs
    assert 'aria-current="page">Have your say</span>' in crumbs
    assert 'name="csrfmiddlewaretoken"' in html
    assert set(response.cookies) == {"csrftoken"}, "the form sets the CSRF cookie and nothing else"
    assert "<legend" in html and 'type="radio"' in html
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline scripts on public pages"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_honeypot_is_labelled_out_of_the_tab_order_and_without_autocomplete(client, seeded):
    html = client.get(FORM).content.decode()
    assert '<label for="id_website">Leave this field blank</label>' in html
    field = re.search(r"<input[^>]+name=\"website\"[^>]*>", html).group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field


def test_every_page_links_to_the_form_with_the_page_filled_in(client, seeded):
    html = client.get("/about/").content.decode()
    assert 'href="/have-your-say/?page=/about/"' in html
    response = client.get(FORM, {"page": "/about/"})
    html = response.content.decode()
    assert 'value="/about/"' in html
    assert re.search(r'<input[^>]+value="page"[^>]+checked', html)


@pytest.mark.parametrize(
    "page",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        '/"><script>alert(1)</script>',
        "/about/\r\nSet-Cookie: x=1",
        "/" + "a" * 400,
        "\x00/about/",
    ],
)
def test_page_parameter_is_never_a_redirect_or_reflected_script(client, seeded, page):
    response = client.get(FORM, {"page": page})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "evil.example" not in html
    assert "Set-Cookie: x=1" not in html


def test_page_parameter_with_markup_is_escaped_when_it_is_a_local_path(client, seeded):
    html = client.get(FORM, {"page": "/a<b>c/"}).content.decode()
    assert 'value="/a&lt;b&gt;c/"' in html
    assert "/a<b>c/" not in html


def test_empty_form_shows_an_error_summary_linked_to_each_field(client, seeded):
    response = client.post(FORM, {})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>Error: Have your say", html)
    start = html.index('class="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert '<a href="#id_about_0">Select what your comment is about</a>' in summary
    assert '<a href="#id_comment">Enter your comment</a>' in summary
    assert '<a href="#id_role_0">Select who you are</a>' in summary
    assert '<a href="#id_publish_consent_0">' in summary
    assert summary.index("id_about_0") < summary.index("id_comment") < summary.index("id_role_0")
    textarea = re.search(r"<textarea[^>]*>", html).group(0)
    assert 'aria-describedby="id_comment-hint id_comment-error"' in textarea
    assert '<p class="error-message" id="id_comment-error"><span class="visually-hidden">Error:</span>' in html
    assert re.search(r'<fieldset class="fieldset" aria-describedby="id_about-error">', html)
    assert not Submission.objects.filter(is_example=False).exists()


def test_email_without_consent_is_refused_with_a_clear_message(client, seeded):
    html = client.post(FORM, valid(email="parent@example.org")).content.decode()
    assert "Tick the box to agree that we may use your email address to reply" in html
    assert not Submission.objects.filter(is_example=False).exists()


def test_a_comment_is_stored_before_the_confirmation_and_not_again_on_refresh(client, seeded):
    data = valid(name="Sam Parent", email="sam@example.org", reply_consent="on", page_path="/about/", about="page")
    response = client.post(FORM, data)
    assert response.status_code == 302
    assert response["Location"].startswith(THANKS + "?ref=")
    stored = Submission.objects.get(is_example=False)  # stored before the redirect to the confirmation
    assert (stored.name, stored.email, stored.reply_consent, stored.publish_consent) == (
        "Sam Parent",
        "sam@example.org",
        True,
        True,
    )
    assert stored.page_path == "/about/"
    assert stored.status == Status.NEW

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert not thanks.cookies
    html = thanks.content.decode()
    assert "Your comment has been sent" in html
    assert f"Your reference is <strong>{stored.pk}</strong>" in html
    client.get(response["Location"])  # refreshing the confirmation is a GET: nothing is sent again
    assert Submission.objects.filter(is_example=False).count() == 1


def test_a_forged_reference_is_ignored(client, seeded):
    html = client.get(THANKS, {"ref": "123:forged"}).content.decode()
    assert "Your comment has been sent" in html
    assert "Your reference is" not in html


def test_staff_are_emailed_by_the_worker_once_the_comment_is_stored(client, seeded):
    client.post(FORM, valid(comment="Please add <b>bus</b> routes", email="a@example.org", reply_consent="on"))
    stored = Submission.objects.get(is_example=False)
    assert mail.outbox == [] and stored.notified_at is None  # the page did not wait for the mail server
    assert run_jobs() == 1
    stored.refresh_from_db()
    assert stored.notified_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["SENDPartnership@lancashire.gov.uk"]
    assert message.subject == f"New comment on the local offer website (reference {stored.pk})"
    assert "| Please add <b>bus</b> routes" in message.body  # plain text: quoted as typed, never as HTML
    assert not getattr(message, "alternatives", None)
    assert "a@example.org" not in message.body  # personal data stays in the admin
    assert f"https://127.0.0.1:8000/admin/feedback/submission/{stored.pk}/change/" in message.body


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


def test_a_failing_email_loses_nothing(client, seeded, settings, caplog):
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.BrokenBackend"
    response = client.post(FORM, valid(comment="Kept even when email fails"))
    assert response.status_code == 302
    run_jobs()
    stored = Submission.objects.get(is_example=False)
    assert stored.comment == "Kept even when email fails"
    assert stored.notified_at is None
    assert "try 1 failed: SMTP server down" in caplog.text
    assert client.get(response["Location"]).status_code == 200
    # Still queued: sent once the mail server is back.
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_jobs(include_later=True) == 1
    assert len(mail.outbox) == 1


def test_honeypot_submissions_are_not_stored(client, seeded):
    response = client.post(FORM, valid(website="http://spam.example"))
    assert response.status_code == 302
    assert not Submission.objects.filter(is_example=False).exists()


def test_rate_limit_answers_with_a_friendly_429_page(client, seeded, settings):
    settings.FEEDBACK_RATE_LIMIT = "2/10m"
    assert client.post(FORM, {}).status_code == 200  # a form with errors does not use up the allowance
    for _ in range(2):
        assert client.post(FORM, valid()).status_code == 302
    response = client.post(FORM, valid())
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Too many comments sent</h1>" in html
    assert 'aria-label="Main"' in html
    assert Submission.objects.filter(is_example=False).count() == 2
    assert client.get(FORM).status_code == 200  # reading the form is never limited
    # Another client address has its own allowance.
    assert client.post(FORM, valid(), REMOTE_ADDR="192.0.2.7").status_code == 302


def test_csrf_is_enforced(seeded):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FORM, valid())
    assert response.status_code == 403
    assert not Submission.objects.filter(is_example=False).exists()


# Hostile input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_as_given_and_escaped_everywhere(client, seeded, text):
    response = client.post(FORM, valid(comment=text, name=text[:200]))
    assert response.status_code == 302
    stored = Submission.objects.get(is_example=False)
    assert stored.comment == text.strip()
    run_jobs()
    assert f"| {defang(text.strip())}" in mail.outbox[0].body

    admin = StaffUserFactory(username="triage", is_superuser=True)
    client.force_login(admin)
    html = client.get(f"/admin/feedback/submission/{stored.pk}/change/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    listing = client.get("/admin/feedback/submission/").content.decode()
    assert "<script>alert" not in listing and "<img src=x" not in listing

    stored.status, stored.theme = Status.PUBLISHED, Theme.objects.first()
    stored.you_said, stored.we_did, stored.response_date = text, text, datetime.date(2026, 1, 5)
    stored.save()
    client.logout()
    register = client.get(REGISTER).content.decode()
    assert "<script>alert" not in register and "<img src=x" not in register and "<b>وسوم" not in register


def test_comment_over_the_limit_gets_a_clear_error_not_a_500(client, seeded):
    response = client.post(FORM, valid(comment="x" * 100_000))
    assert response.status_code == 200
    assert "Your comment must be 5,000 characters or fewer. It has 100,000 characters." in response.content.decode()
    assert client.post(FORM, valid(comment="y" * 5000)).status_code == 302
    assert Submission.objects.get(is_example=False).comment == "y" * 5000


def test_textarea_has_no_maxlength_that_would_cut_a_pasted_comment(client, seeded):
    textarea = re.search(r"<textarea[^>]*>", client.get(FORM).content.decode()).group(0)
    assert "maxlength" not in textarea


def test_null_characters_are_refused_with_a_clear_error(client, seeded):
    response = client.post(FORM, valid(comment="before\x00after", name="a\x00b"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Remove the unusual characters (null characters) from your comment" in html
    assert not Submission.objects.filter(is_example=False).exists()


def test_bytes_that_are_not_utf8_do_not_break_the_form(client, seeded):
    body = b"about=local-offer&role=parent&publish_consent=yes&comment=caf%E9+%FF%FE+ok&website="
    response = client.generic("POST", FORM, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert Submission.objects.get(is_example=False).comment == "caf\ufffd \ufffd\ufffd ok"
    assert client.get(FORM + "?page=%FF%FE").status_code == 200


@pytest.mark.parametrize("field", ["about", "role", "publish_consent", "unit"])
def test_unknown_choices_are_form_errors(client, seeded, field):
    response = client.post(FORM, valid(**{field: "'; DROP TABLE x; --"}))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_page_path_must_be_a_local_path(client, seeded):
    html = client.post(FORM, valid(page_path="https://evil.example/")).content.decode()
    assert "Enter the address of a page on this website, starting with /" in html


# Staff triage and publishing ---------------------------------------------------------------------------------


def admin_post(client, submission, **fields):
    data = {
        "status": submission.status,
        "theme": submission.theme_id or "",
        "you_said": submission.you_said,
        "we_did": submission.we_did,
        "action_status": submission.action_status,
        "response_date": submission.response_date.isoformat() if submission.response_date else "",
        "staff_notes": submission.staff_notes,
        "_save": "Save",
    }
    data.update(fields)
    return client.post(f"/admin/feedback/submission/{submission.pk}/change/", data)


def ready_to_publish(**extra):
    return {
        "status": Status.PUBLISHED,
        "theme": Theme.objects.get(slug="sens-units" if False else "send-units").pk,
        "you_said": "Parents asked for clearer admission information.",
        "we_did": "We rewrote the admission page.",
        "action_status": "done",
        "response_date": "2026-11-01",
        **extra,
    }


def test_editors_triage_but_cannot_publish(client, editor):
    submission = make_submission(comment="Raw words")
    client.force_login(editor)
    assert client.get(f"/admin/feedback/submission/{submission.pk}/change/").status_code == 200
    response = admin_post(client, submission, status=Status.IN_REVIEW, staff_notes="Looking into it")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.IN_REVIEW

    response = admin_post(client, submission, **ready_to_publish())
    assert response.status_code == 200
    assert "Only members of the Publishers group can publish" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == Status.IN_REVIEW


def test_editors_cannot_change_a_published_entry(client, editor):
    submission = published()
    client.force_login(editor)
    response = admin_post(client, submission, you_said="Changed by an editor")
    assert "Only members of the Publishers group" in response.content.decode()
    submission.refresh_from_db()
    assert submission.you_said == "Summary"


def test_publishers_publish_with_the_required_fields(client, publisher):
    submission = make_submission(comment="Raw words")
    client.force_login(publisher)
    response = admin_post(client, submission, status=Status.PUBLISHED)
    html = response.content.decode()
    assert "Write an anonymised" in html and "Choose a theme before publishing" in html
    response = admin_post(client, submission, **ready_to_publish())
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.PUBLISHED
    assert "Parents asked for clearer admission information." in client.get(REGISTER).content.decode()


def test_nothing_is_published_without_the_persons_agreement(client, publisher):
    submission = make_submission(publish_consent=False)
    client.force_login(publisher)
    response = admin_post(client, submission, **ready_to_publish())
    assert "did not agree to an anonymised version being published" in response.content.decode()


def test_raw_fields_are_read_only_and_staff_cannot_add_comments(client, publisher):
    submission = make_submission(comment="Original words", name="Original Name")
    client.force_login(publisher)
    admin_post(client, submission, comment="Rewritten", name="Someone else", status=Status.IN_REVIEW)
    submission.refresh_from_db()
    assert (submission.comment, submission.name, submission.status) == ("Original words", "Original Name", "in-review")
    assert client.get("/admin/feedback/submission/add/").status_code == 403


def test_admin_list_filters_and_search(client, publisher):
    make_submission(comment="Needle in the comments")
    client.force_login(publisher)
    html = client.get("/admin/feedback/submission/", {"q": "Needle"}).content.decode()
    assert "Needle in the comments" in html
    for query in ({"status__exact": "new"}, {"notified": "no"}, {"about__exact": "unit"}, {"q": "a\x00b"}):
        assert client.get("/admin/feedback/submission/", query).status_code == 200


# The register ------------------------------------------------------------------------------------------------


def test_register_shows_published_entries_by_year_and_theme(client, seeded):
    units = Theme.objects.get(slug="send-units")
    published(theme=units, when=datetime.date(2024, 3, 9), you_said="Entry from 2024")
    make_submission(status=Status.RESPONDED, you_said="Not yet published", we_did="x")
    html = client.get(REGISTER).content.decode()
    assert '<h2 id="year-2026">2026</h2>' in html
    assert '<h2 id="year-2024">2024</h2>' in html
    assert html.index("year-2026") < html.index("year-2025") < html.index('id="year-2024"')
    section_2024 = html[html.index('<h2 id="year-2024">') :]
    assert "<h3>SEND units</h3>" in section_2024
    assert "Entry from 2024" in section_2024
    assert '<time datetime="2024-03-09">9 March 2024</time>' in section_2024
    assert "Not yet published" not in html
    assert "Example entry — for demonstration." in html  # the seeded examples


def test_register_never_shows_identifying_details(client, seeded):
    published(
        comment="RAW-COMMENT-SECRET my son Jo at Barden",
        name="NAME-SECRET",
        email="email-secret@example.org",
        page_path="/PAGE-SECRET/",
        staff_notes="NOTES-SECRET",
        you_said="A parent asked about admissions.",
    )
    secrets = ["RAW-COMMENT-SECRET", "NAME-SECRET", "email-secret@example.org", "PAGE-SECRET", "NOTES-SECRET"]
    for path in (REGISTER, CSV_EXPORT):
        body = client.get(path).content.decode()
        assert "A parent asked about admissions." in body
        for secret in secrets:
            assert secret not in body, f"{secret} appears on {path}"


def test_register_csv_export(client, seeded):
    published(you_said='=HYPERLINK("http://evil")', we_did="+1 action")
    response = client.get(CSV_EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="you-said-we-did.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == ["year", "theme", "you_said", "we_did", "action", "response_date"]
    assert len(rows) == Submission.objects.published().count()
    formula = next(row for row in rows if "HYPERLINK" in row["you_said"])
    assert formula["you_said"].startswith("'=")
    assert formula["we_did"] == "'+1 action"


def test_register_queries_are_bounded_and_constant(client, seeded, django_assert_max_num_queries):
    client.get(REGISTER)  # warm the CMS caches
    with CaptureQueriesContext(connection) as few:
        client.get(REGISTER)
    for day in range(1, 29):
        published(when=datetime.date(2025, 2, day), theme=Theme.objects.order_by("?").first())
    with django_assert_max_num_queries(15):
        client.get(REGISTER)
    with CaptureQueriesContext(connection) as many:
        client.get(REGISTER)
    assert len(many) == len(few)
    with django_assert_max_num_queries(5):
        client.get(CSV_EXPORT)


def test_form_queries_are_bounded(client, seeded, django_assert_max_num_queries):
    client.get(FORM)
    with django_assert_max_num_queries(15):
        client.get(FORM)
    with django_assert_max_num_queries(20):
        client.post(FORM, valid())


# Seed, content and retention ---------------------------------------------------------------------------------


def test_seed_adds_labelled_examples_once(seeded):
    examples = Submission.objects.filter(is_example=True)
    assert examples.count() == len(feedback_seed.EXAMPLES)
    assert all("Example entry — for demonstration" in e.you_said for e in examples)
    feedback_seed.seed(io.StringIO())
    assert examples.count() == len(feedback_seed.EXAMPLES)


def test_accessibility_contact_and_privacy_pages_point_to_the_form(client, seeded):
    assert 'href="/have-your-say/?page=/accessibility/"' in client.get("/accessibility/").content.decode()
    contact = client.get("/contact/").content.decode()
    assert 'href="/have-your-say/"' in contact and 'href="/you-said-we-did/"' in contact
    assert "csrftoken" in client.get("/cookies/").content.decode()
    privacy = client.get("/privacy/").content.decode()
    assert "We delete your name and email address 365 days after you send your comment" in privacy


def test_retention_command_deletes_names_and_emails_of_old_closed_comments(db, settings):
    settings.FEEDBACK_RETENTION_DAYS = 30
    old = timezone.now() - datetime.timedelta(days=31)
    recent = timezone.now() - datetime.timedelta(days=5)
    person = {"name": "Pat", "email": "pat@example.org", "reply_consent": True}
    closed_old = [
        make_submission(status=status, created_at=old, **person)
        for status in (Status.RESPONDED, Status.PUBLISHED, Status.NOT_FOR_PUBLICATION)
    ]
    open_old = [make_submission(status=status, created_at=old, **person) for status in (Status.NEW, Status.IN_REVIEW)]
    closed_recent = make_submission(status=Status.RESPONDED, created_at=recent, **person)

    out = io.StringIO()
    call_command("purge_feedback_personal_data", "--dry-run", stdout=out)
    assert "3 comments would have" in out.getvalue()
    assert Submission.objects.filter(name="Pat").count() == 6

    out = io.StringIO()
    call_command("purge_feedback_personal_data", stdout=out)
    assert "Deleted the name and email of 3 closed comments older than 30 days" in out.getvalue()
    for submission in closed_old:
        submission.refresh_from_db()
        assert (submission.name, submission.email) == ("", "")
        assert submission.personal_data_removed_at is not None
        assert submission.comment == "A comment"  # the comment itself stays for the annual report
    for submission in [*open_old, closed_recent]:
        submission.refresh_from_db()
        assert (submission.name, submission.email) == ("Pat", "pat@example.org")


def test_no_notification_addresses_means_no_email_but_the_comment_is_kept(client, seeded, settings, caplog):
    settings.FEEDBACK_NOTIFY_EMAILS = []
    assert client.post(FORM, valid()).status_code == 302
    run_jobs()
    assert mail.outbox == []
    assert Submission.objects.get(is_example=False).notified_at is None
    assert "FEEDBACK_NOTIFY_EMAILS is empty" in caplog.text


def test_only_publishers_hold_the_publish_permission(seeded):
    from django.contrib.auth.models import Group

    def perms(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert {"view_submission", "change_submission"} <= perms("Editors")
    assert "publish_submission" not in perms("Editors")
    assert "publish_submission" in perms("Publishers")
    assert "delete_submission" not in perms("Publishers")
