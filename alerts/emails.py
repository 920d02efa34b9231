"""The alert emails: an immediate alert or a weekly digest, as plain text with a simple accessible HTML
alternative (alerts/templates/alerts/email/), carrying the manage and one-click unsubscribe links.

Every email has `List-Unsubscribe` (the signed https one-click address) and `List-Unsubscribe-Post:
List-Unsubscribe=One-Click` (RFC 8058): mail programs then offer "Unsubscribe", and a POST to that address
cancels every alert at once, without the visitor opening anything.
"""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.formats import date_format

from .links import manage_url, site_url, unsubscribe_url
from .models import AlertItem

SENDER_NAME = "Lancashire SEND Partnership"
SUBJECT_LIMIT = 150
# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: none belongs in a subject.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")

UNIT_SUBJECTS = {
    "open": "SEND unit now open",
    "opening": "SEND unit opening soon",
    "closed": "SEND unit closed",
    "planned": "SEND unit planned",
}


def clean_subject(text):
    """One line of plain text, at most SUBJECT_LIMIT characters: staff titles may hold anything."""
    text = " ".join(CONTROL_CHARACTERS.sub(" ", text).split())
    if len(text) > SUBJECT_LIMIT:
        text = text[: SUBJECT_LIMIT - 1].rstrip() + "…"
    return text


def subject_for(entries, week=None):
    if week is not None:
        count = f"{len(entries)} new item{'s' if len(entries) != 1 else ''}"
        return clean_subject(f"{SENDER_NAME}: your weekly update, {count} ({week_label(week)})")
    if len(entries) > 1:
        return clean_subject(f"{SENDER_NAME}: {len(entries)} new updates")
    entry = entries[0]
    if entry.is_article:
        return clean_subject(f"News: {entry.title}")
    if entry.kind == AlertItem.Kind.UNIT_ADDED:
        return clean_subject(f"New SEND unit: {entry.title}")
    return clean_subject(f"{UNIT_SUBJECTS.get(entry.new_status, 'SEND unit update')}: {entry.title}")


def week_label(week):
    first, last = week.start, week.last_day
    if first.month == last.month:
        return f"{first.day} to {date_format(last, 'j F Y')}"
    if first.year == last.year:
        return f"{date_format(first, 'j F')} to {date_format(last, 'j F Y')}"
    return f"{date_format(first, 'j F Y')} to {date_format(last, 'j F Y')}"


def build_email(subscriber, entries, week=None):
    """The email for these entries (an immediate alert, or the digest of `week`), ready for queue_email."""
    subject = subject_for(entries, week)
    unsubscribe = unsubscribe_url(subscriber)
    context = {
        "subject": subject,
        "sender": SENDER_NAME,
        "week": week,
        "week_label": week_label(week) if week else "",
        "articles": [entry for entry in entries if entry.is_article],
        "units": [entry for entry in entries if not entry.is_article],
        # "News: SEND units (straight away)": what this address gets, so the reader knows why this came.
        "subscriptions": [str(subscription) for subscription in subscriber.subscriptions.all()],
        "manage_url": manage_url(subscriber),
        "unsubscribe_url": unsubscribe,
        "home_url": site_url("/"),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("alerts/email/alert.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Out-of-office replies and the like should not answer an automatic email (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string("alerts/email/alert.html", context), "text/html")
    return message
