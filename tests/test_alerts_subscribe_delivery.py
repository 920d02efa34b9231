"""Email alerts, the subscriber side, through the real queue (django-tasks database backend, run in-process by
jobs.testing.run_jobs) to a real SMTP server on loopback: the confirmation email arrives once, its link works,
a stalled mail server never slows the form, and the clean-up runs as a periodic job."""

import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alerts import cleanup
from alerts.models import Subscriber
from jobs.testing import run_jobs

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/alerts/"


def form(email="parent@example.org"):
    return {"email": email, "news": "all", "news_frequency": "immediate", "units": "on", "units_frequency": "weekly"}


def parts(received):
    return {part.get_content_type(): part.get_content() for part in received.walk() if not part.is_multipart()}


def test_subscribe_confirm_unsubscribe_over_real_smtp(client, seeded, smtp_server):
    response = client.post(SUBSCRIBE, form("Parent@Example.org"))
    assert "Check your email" in response.content.decode()
    assert smtp_server.messages == []  # queued, not sent in the request

    run_jobs()
    [received] = smtp_server.messages
    assert received.envelope_to == ["parent@example.org"]
    assert received["Subject"] == f"Confirm your email alerts from the {settings.SITE_NAME}"
    assert received["Auto-Submitted"] == "auto-generated"
    body = parts(received)
    assert "All news: straight away" in body["text/plain"]
    link = re.search(r"https?://[^/\s]+(/alerts/confirm/\S+/)", body["text/plain"])
    assert link and link.group(1) in body["text/html"]

    confirm = link.group(1)
    assert client.get(confirm).status_code == 200
    assert "Subscription confirmed" in client.post(confirm).content.decode()
    assert Subscriber.objects.get().is_confirmed

    run_jobs()
    assert len(smtp_server.messages) == 1  # confirming sends nothing more

    # Asking again the same day: the same page, no email.
    client.post(SUBSCRIBE, form())
    run_jobs()
    assert len(smtp_server.messages) == 1


def test_already_subscribed_address_is_sent_a_manage_link_over_smtp(client, seeded, smtp_server):
    Subscriber.objects.create(email="member@example.org", confirmed_at=timezone.now())
    client.post(SUBSCRIBE, form("member@example.org"))
    run_jobs()
    [received] = smtp_server.messages
    text = parts(received)["text/plain"]
    manage = re.search(r"https?://[^/\s]+(/alerts/manage/\S+/)", text).group(1)
    assert "member@example.org" in client.get(manage).content.decode()


def test_a_stalled_mail_server_never_slows_the_form_and_the_email_waits(client, seeded, blackhole_smtp):
    started = time.monotonic()
    response = client.post(SUBSCRIBE, form())
    assert time.monotonic() - started < 1.0  # the request never talks to the mail server
    assert "Check your email" in response.content.decode()
    job = DBTaskResult.objects.get(task_path="jobs.mail.send_email")
    run_jobs()  # the worker meets the stall, times out and schedules a retry: the email is not lost
    job.refresh_from_db()
    assert job.status == "READY"


def test_cleanup_runs_as_a_periodic_job(seeded):
    assert ("alerts.cleanup.delete_unconfirmed", 60 * 60) in settings.PERIODIC_JOBS
    stale = Subscriber.objects.create(email="stale@example.org")
    Subscriber.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=8))
    Subscriber.objects.create(email="fresh@example.org")
    cleanup.delete_unconfirmed.enqueue()
    run_jobs()
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["fresh@example.org"]
