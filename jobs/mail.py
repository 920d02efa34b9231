"""Every email the site sends is queued and delivered by the worker, never inside a request.

- ``queue_email(message)``: store a built ``EmailMessage`` / ``EmailMultiAlternatives`` (with its headers,
  HTML alternative and attachments) as a job. The job row is written in the caller's transaction, so it
  exists exactly when the caller's data does: the worker cannot see it before the commit, and a rollback
  drops it. It is delivered by the worker with the ``EMAIL_TIMEOUT`` socket timeout and retried under the
  "email" policy (settings.JOBS_RETRY) until the mail server takes it.
- ``QueuedEmailBackend`` (``EMAIL_BACKEND``): ``send_mail()`` and ``message.send()`` anywhere in the site go
  through ``queue_email`` too. The worker delivers with ``EMAIL_DELIVERY_BACKEND``.
- ``deliver(message)``: for jobs that build their email when they run (feedback's staff notification).

Each message gets its Message-ID and Date when queued, so every try sends the same message.
"""

import base64
import smtplib
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task

from .retry import retries


def is_transient(error):
    """Worth another try: the mail server was slow, down or busy (4xx). Not: it refused the message or every
    recipient for good (5xx), where trying again for days would change nothing."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return True  # timeouts, refused connections, DNS failures, dropped connections


def message_domain():
    # Not Django's default (the machine's FQDN, which can take a slow DNS lookup): the site's own name.
    return settings.SITE_DOMAIN.split(":")[0] or "localhost"


def serialise(message):
    """A JSON-safe dict of everything needed to send ``message`` again, identically."""
    headers = dict(message.extra_headers)
    names = {name.lower() for name in headers}
    if "message-id" not in names:
        headers["Message-ID"] = make_msgid(domain=message_domain())
    if "date" not in names:
        headers["Date"] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": headers,
        "content_subtype": message.content_subtype,
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": [serialise_attachment(attachment) for attachment in message.attachments],
    }


def serialise_attachment(attachment):
    filename, content, mimetype = attachment  # a MIMEBase part cannot be unpacked: refused here, when queued
    if isinstance(content, bytes):
        return {"filename": filename, "base64": base64.b64encode(content).decode(), "mimetype": mimetype}
    return {"filename": filename, "text": content, "mimetype": mimetype}


def deserialise(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for item in data["attachments"]:
        content = base64.b64decode(item["base64"]) if "base64" in item else item["text"]
        message.attach(item["filename"], content, item["mimetype"])
    return message


def queue_email(message):
    """Queue ``message`` for the worker to send. Returns nothing; never touches the mail server."""
    send_email.enqueue(serialise(message))


def deliver(message):
    """Send now, from a job: the real backend, the SMTP timeout, errors raised (so the job is retried)."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
    return connection.send_messages([message])


@retries("email", transient=is_transient)
@task()
def send_email(data):
    sent = deliver(deserialise(data))
    return {"sent": sent, "message_id": data["headers"].get("Message-ID", "")}


class QueuedEmailBackend(BaseEmailBackend):
    """EMAIL_BACKEND of the site: queues each message (see the module docstring)."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            try:
                queue_email(message)
            except Exception:
                if not self.fail_silently:  # e.g. Django's error emails to ADMINS, while the database is down
                    raise
            else:
                queued += 1
        return queued


def summary(data):
    """What the admin shows of a queued email: subject and how many recipients, not the text."""
    recipients = len(data.get("to", [])) + len(data.get("cc", [])) + len(data.get("bcc", []))
    return f"Email “{data.get('subject', '')}” to {recipients} recipient{'s' if recipients != 1 else ''}"
