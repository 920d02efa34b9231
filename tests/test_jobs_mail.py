"""Queued email (jobs/mail.py): what is queued is what is delivered, by the worker, to a real SMTP server."""

import time

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from feedback.models import Submission
from jobs.mail import queue_email
from jobs.models import JobEvent
from jobs.testing import run_jobs
from localoffer.defang import defang, quote

from .mailserver import MailServer, point_settings_at


def message(**overrides):
    values = {
        "subject": "Your alert",
        "body": "Plain text body",
        "from_email": "noreply@example.org",
        "to": ["parent@example.org"],
        "headers": {
            "List-Unsubscribe": "<https://example.org/u/1>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        **overrides,
    }
    built = EmailMultiAlternatives(**values)
    built.attach_alternative("<p>HTML body</p>", "text/html")
    return built


def test_queue_email_only_queues_and_the_worker_delivers_it(db):
    queue_email(message())
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="jobs.mail.send_email", status="READY").count() == 1

    assert run_jobs() == 1

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.subject, sent.body, sent.to) == ("Your alert", "Plain text body", ["parent@example.org"])
    assert sent.alternatives[0][1] == "text/html"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_rolled_back_transaction_queues_nothing(db):
    try:
        with transaction.atomic():
            queue_email(message())
            raise RuntimeError("the caller failed")
    except RuntimeError:
        pass
    assert run_jobs() == 0
    assert mail.outbox == []


def test_delivered_over_smtp_with_headers_html_and_attachments(db, smtp_server):
    built = message()
    built.attach("data.csv", "a,b\n1,2\n", "text/csv")
    built.attach("logo.png", b"\x89PNG\r\n\x1a\nbinary", "image/png")
    queue_email(built)
    run_jobs()

    [received] = smtp_server.messages
    assert received["Subject"] == "Your alert"
    assert received["List-Unsubscribe"] == "<https://example.org/u/1>"
    assert received["Message-ID"]
    assert received.envelope_to == ["parent@example.org"]
    parts = {part.get_content_type(): part for part in received.walk()}
    assert parts["text/plain"].get_content().strip() == "Plain text body"
    assert "HTML body" in parts["text/html"].get_content()
    assert parts["image/png"].get_content() == b"\x89PNG\r\n\x1a\nbinary"


def test_send_mail_anywhere_in_the_site_is_queued(db, settings):
    settings.EMAIL_BACKEND = "jobs.mail.QueuedEmailBackend"
    send_mail("Hello", "Body", "noreply@example.org", ["staff@example.org"])
    EmailMessage("Second", "Body", to=["staff@example.org"]).send()
    assert mail.outbox == []
    assert run_jobs() == 2
    assert [m.subject for m in mail.outbox] == ["Hello", "Second"]


# A mail server that stalls or is down delays email, never a page, and loses none --------------------------------

FORM = "/have-your-say/"
COMMENT = {
    "about": "local-offer",
    "comment": "Great pages. See https://evil.example.com/login and www.phish.example.org or mail x@bad.example.net",
    "role": "parent",
    "publish_consent": "yes",
    "website": "",
}


def job_states():
    return sorted(DBTaskResult.objects.values_list("status", flat=True))


def test_a_stalled_mail_server_never_holds_a_page_and_the_email_arrives_once_it_answers(
    client, seeded, settings, blackhole_smtp
):
    started = time.monotonic()
    response = client.post(FORM, COMMENT)
    assert response.status_code == 302
    assert time.monotonic() - started < settings.EMAIL_TIMEOUT  # the page never talked to the mail server

    started = time.monotonic()
    assert run_jobs() == 1  # the worker's try waits EMAIL_TIMEOUT for a greeting that never comes
    assert settings.EMAIL_TIMEOUT * 0.9 <= time.monotonic() - started < settings.EMAIL_TIMEOUT * 5
    assert blackhole_smtp.connections == 1
    assert job_states() == ["READY"]
    event = JobEvent.objects.get()
    assert (event.kind, event.attempt) == ("retrying", 1)
    assert "timed out" in event.error.lower()

    server = MailServer().up()  # the mail server answers again
    try:
        point_settings_at(settings, server.port, timeout=5)
        assert run_jobs(include_later=True) == 1
        assert run_jobs(include_later=True) == 0
        assert len(server.messages) == 1  # delivered, exactly once
        assert job_states() == ["SUCCESSFUL"]
        assert Submission.objects.get(is_example=False).notified_at is not None
    finally:
        server.down()


def test_a_mail_server_that_is_down_delays_email_until_it_is_back(db, smtp_server):
    smtp_server.down()
    for n in range(3):
        queue_email(message(subject=f"Alert {n}"))
    assert run_jobs() == 3
    assert job_states() == ["READY"] * 3
    assert set(JobEvent.objects.values_list("kind", flat=True)) == {"retrying"}

    smtp_server.up()
    assert run_jobs(include_later=True) == 3
    run_jobs(include_later=True)
    assert sorted(m["Subject"] for m in smtp_server.messages) == ["Alert 0", "Alert 1", "Alert 2"]
    assert job_states() == ["SUCCESSFUL"] * 3
    ids = {m["Message-ID"] for m in smtp_server.messages}
    assert len(ids) == 3


def test_every_try_sends_the_same_message_id(db, smtp_server):
    smtp_server.down()
    queue_email(message())
    run_jobs()
    queued_id = DBTaskResult.objects.get().args_kwargs["args"][0]["headers"]["Message-ID"]
    smtp_server.up()
    run_jobs(include_later=True)
    assert smtp_server.messages[0]["Message-ID"] == queued_id


def test_an_address_the_server_refuses_for_good_is_not_retried_for_days(db, smtp_server):
    smtp_server.recorder.refused.add("nobody@example.org")
    queue_email(message(to=["nobody@example.org"]))
    run_jobs()
    assert job_states() == ["FAILED"]  # visible to staff at once, with the server's answer
    assert "550" in DBTaskResult.objects.get().traceback


def test_the_staff_email_quotes_the_visitor_defanged_and_links_with_the_site_scheme(
    client, seeded, settings, smtp_server
):
    settings.SITE_SCHEME, settings.SITE_DOMAIN = "http", "localoffer.example.org"
    client.post(FORM, COMMENT)
    run_jobs()
    [received] = smtp_server.messages
    body = received.get_content().replace("\r\n", "\n")
    pk = Submission.objects.get(is_example=False).pk
    assert f"http://localoffer.example.org/admin/feedback/submission/{pk}/change/" in body
    assert "Visitor's comment (as typed; links disabled):\n| Great pages." in body
    assert "hxxps://evil[.]example[.]com/login" in body
    assert "www[.]phish[.]example[.]org" in body and "x@bad[.]example[.]net" in body
    assert "https://evil" not in body and "evil.example.com" not in body and "www.phish" not in body
    assert "do not follow links or instructions in it" in body
    assert received.get_content_type() == "text/plain"


def test_the_notification_is_sent_once_even_if_its_job_runs_again(client, seeded, smtp_server):
    from feedback.notify import notify_staff

    client.post(FORM, COMMENT)
    run_jobs()
    pk = Submission.objects.get(is_example=False).pk
    notify_staff.enqueue(pk)  # as if a worker died after sending, before recording the job as done
    run_jobs()
    assert len(smtp_server.messages) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://example.com/login?x=1", "see hxxps://example[.]com/login?x=1"),
        ("HTTP://EXAMPLE.COM", "HxxP://EXAMPLE[.]COM"),
        ("ftp://files.example.net/a", "fxp://files[.]example[.]net/a"),
        ("www.evil.co.uk/path", "www[.]evil[.]co[.]uk/path"),
        ("write to a.b@evil.org", "write to a.b@evil[.]org"),
        ("http://192.168.1.1/admin", "hxxp://192[.]168[.]1[.]1/admin"),
        ("evil\uff0ecom", "evil[.]com"),
        ("münchen.de", "münchen[.]de"),
        ("\u202eRLO override", "RLO override"),
        ("Emoji 👩\u200d👧 stays", "Emoji 👩\u200d👧 stays"),
        ("e.g. 3.5 places. New line", "e.g. 3.5 places. New line"),
    ],
)
def test_defang(text, expected):
    assert defang(text) == expected


def test_quoted_visitor_text_cannot_fake_the_end_of_the_quote():
    quoted = quote("first\r\n\nThe comment above was written by staff: click http://x.org", "Visitor's comment")
    assert quoted.splitlines() == [
        "Visitor's comment (as typed; links disabled):",
        "| first",
        "| ",
        "| The comment above was written by staff: click hxxp://x[.]org",
    ]


def test_the_queueing_backend_honours_fail_silently(db, monkeypatch):
    from django.db import OperationalError

    from jobs import mail as jobs_mail

    def database_down(message):
        raise OperationalError("the database is down")

    monkeypatch.setattr(jobs_mail, "queue_email", database_down)
    backend = jobs_mail.QueuedEmailBackend(fail_silently=True)
    assert backend.send_messages([message()]) == 0  # Django's error emails to ADMINS must not raise here
    with pytest.raises(OperationalError):
        jobs_mail.QueuedEmailBackend().send_messages([message()])
