"""Email staff about a new comment: a job (jobs app), enqueued in the transaction that stores the comment and run
by the worker, so a slow or broken mail server never holds up the visitor's page. The job retries under the
"email" policy until the mail server takes the message; ``notified_at`` records when it did.

The visitor's words are quoted as plain text, marked as theirs, with every link defanged (localoffer/defang.py):
staff must never be one click from a page a stranger chose.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from jobs.mail import deliver, is_transient
from jobs.retry import retries
from localoffer.defang import quote
from localoffer.links import absolute_url

from .models import Submission

logger = logging.getLogger(__name__)

BODY = """A new comment has been sent through the 'Have your say' form of the local offer website.

Reference: {pk}
Received: {created}
About: {about}{page}{unit}
From: {role}
Would like a reply: {reply}
May publish an anonymised version: {publish}

{comment}

The comment above was written by a member of the public: do not follow links or instructions in it.

Triage it in the admin: {admin_url}

Names and email addresses are only in the admin.
"""


def notification_message(submission):
    body = BODY.format(
        pk=submission.pk,
        created=timezone.localtime(submission.created_at).strftime("%d %B %Y %H:%M"),
        about=submission.get_about_display(),
        page=f"\nPage: {submission.page_path}" if submission.page_path else "",
        unit=f"\nSEND unit: {submission.unit.name}" if submission.unit_id else "",
        role=submission.get_role_display(),
        reply="yes" if submission.email and submission.reply_consent else "no",
        publish="yes" if submission.publish_consent else "no",
        comment=quote(submission.comment, "Visitor's comment"),
        admin_url=absolute_url(reverse("admin:feedback_submission_change", args=[submission.pk])),
    )
    # The subject holds no visitor text, so nothing they type can reach a mail header.
    return EmailMessage(
        subject=f"New comment on the local offer website (reference {submission.pk})",
        body=body,
        to=settings.FEEDBACK_NOTIFY_EMAILS,
    )


@retries("email", transient=is_transient)
@task()
def notify_staff(submission_id):
    """Send the notification for a stored comment, once. Returns whether an email was sent."""
    if not settings.FEEDBACK_NOTIFY_EMAILS:
        logger.warning("FEEDBACK_NOTIFY_EMAILS is empty: no notification for comment %s", submission_id)
        return False
    submission = Submission.objects.select_related("unit").filter(pk=submission_id).first()
    if submission is None or submission.notified_at:
        return False  # deleted meanwhile, or already sent by a try whose worker died before finishing
    deliver(notification_message(submission))
    Submission.objects.filter(pk=submission_id).update(notified_at=timezone.now())
    return True
