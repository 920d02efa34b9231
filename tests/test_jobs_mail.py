"""Queued email (jobs/mail.py): what is queued is what is delivered, by the worker, to a real SMTP server."""

from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from jobs.mail import queue_email
from jobs.testing import run_jobs


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
