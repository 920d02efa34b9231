"""Background jobs: retrying a failed job can send email to the public (alert subscribers, for instance), so only
Publishers (and superusers) may; Editors do not even see the job list."""

from django.core import mail
from django.core.mail import EmailMessage
from django_tasks_db.models import DBTaskResult

from jobs.mail import queue_email
from jobs.testing import run_jobs
from tests.roles.matrix import LIVE, REFUSED, Row

RECIPIENT = "parent@example.org"


def failed_email_to_the_public():
    queue_email(EmailMessage("News from the SEND Partnership", "An alert", to=[RECIPIENT]))
    job = DBTaskResult.objects.get(task_path="jobs.mail.send_email", status="READY")
    job.set_failed(ConnectionRefusedError("the mail server was down for days"))
    return {"job": job}


def emails_received(ctx, client):
    """What the public sees: the emails delivered to them once the worker has run whatever is due."""
    run_jobs()
    return sum(RECIPIENT in message.to for message in mail.outbox)


ROWS = [
    Row(
        "jobs: retry a failed email to the public",
        setup=failed_email_to_the_public,
        act=lambda client, ctx: client.post(
            "/admin/jobs/job/", {"action": "retry_now", "_selected_action": [ctx["job"].pk]}
        ),
        public=emails_received,
        expect={"anonymous": REFUSED, "editor": REFUSED, "publisher": LIVE, "superuser": LIVE},
    ),
]
