"""The two emails the subscribe form sends: the confirmation (double opt-in) and, to an address that is
already subscribed, a link to manage its lists. Both go through the task queue (jobs.mail.queue_email): built
here, sent by the worker after the transaction commits, never inside the request.

Alert emails themselves (news, units, digests) are alerts/dispatch.py's.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from jobs.mail import queue_email

from . import links


def build(template, subject, subscriber, **context):
    context = {
        "subscriber": subscriber,
        "subscriptions": list(subscriber.subscriptions.select_related("category")),
        "site_name": settings.SITE_NAME,
        "site_url": links.site_url("/"),
        "confirm_days": settings.ALERTS_CONFIRM_DAYS,
        "contact_email": settings.SITE_CONTACT_EMAIL,
        **context,
    }
    text = render_to_string(f"alerts/subscribe_email/{template}.txt", context)
    html = render_to_string(f"alerts/subscribe_email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    # Not a reply to anything and not worth an out-of-office answer (RFC 3834).
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    return message


def confirmation(subscriber):
    return build(
        "confirm",
        f"Confirm your email alerts from the {settings.SITE_NAME}",
        subscriber,
        confirm_url=links.confirm_url(subscriber),
    )


def already_subscribed(subscriber):
    return build(
        "already_subscribed",
        f"Your email alerts from the {settings.SITE_NAME}",
        subscriber,
        manage_url=links.manage_url(subscriber),
        unsubscribe_url=links.unsubscribe_url(subscriber),
    )


def queue(message):
    """Hand the email to the worker. The job is written in the current transaction: if the subscription is
    rolled back, so is the email."""
    queue_email(message)


def queue_confirmation(subscriber):
    queue(confirmation(subscriber))


def queue_already_subscribed(subscriber):
    queue(already_subscribed(subscriber))
