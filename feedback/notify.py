"""Email staff about a new comment. Runs after the comment is committed; a failure is logged, never raised."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from .models import Submission

logger = logging.getLogger(__name__)

BODY = """A new comment has been sent through the 'Have your say' form of the local offer website.

Reference: {pk}
Received: {created}
About: {about}{page}{unit}
From: {role}
Would like a reply: {reply}
May publish an anonymised version: {publish}

Comment:
{comment}

Triage it in the admin: {admin_url}

This is plain text. Names and email addresses are only in the admin.
"""


def notification_message(submission):
    admin_path = reverse("admin:feedback_submission_change", args=[submission.pk])
    body = BODY.format(
        pk=submission.pk,
        created=timezone.localtime(submission.created_at).strftime("%d %B %Y %H:%M"),
        about=submission.get_about_display(),
        page=f"\nPage: {submission.page_path}" if submission.page_path else "",
        unit=f"\nSEND unit: {submission.unit.name}" if submission.unit_id else "",
        role=submission.get_role_display(),
        reply="yes" if submission.email and submission.reply_consent else "no",
        publish="yes" if submission.publish_consent else "no",
        comment=submission.comment,
        admin_url=f"https://{settings.SITE_DOMAIN}{admin_path}",
    )
    # The subject holds no visitor text, so nothing they type can reach a mail header.
    return EmailMessage(
        subject=f"New comment on the local offer website (reference {submission.pk})",
        body=body,
        to=settings.FEEDBACK_NOTIFY_EMAILS,
    )


def notify_staff(submission_id):
    """Send the notification for a stored comment. Returns True when sent."""
    if not settings.FEEDBACK_NOTIFY_EMAILS:
        logger.warning("FEEDBACK_NOTIFY_EMAILS is empty: no notification for comment %s", submission_id)
        return False
    try:
        submission = Submission.objects.select_related("unit").get(pk=submission_id)
        notification_message(submission).send(fail_silently=False)
    except Exception:
        # The comment is already stored; staff still see it in the admin (filter "staff notified: no").
        logger.exception("Could not send the staff notification for comment %s", submission_id)
        return False
    Submission.objects.filter(pk=submission_id).update(notified_at=timezone.now())
    return True
