"""Have your say: Editors triage comments and draft the register entry; only Publishers put an entry in the
"You said, we did" register, change a published one, or rename the themes it is grouped by."""

from django.urls import reverse

from feedback.models import About, Role, Status, Submission, Theme
from tests.roles.matrix import DRAFT, LIVE, REFUSED, Row, change_form_data, page_text

PUBLISHER_LIVE = {"anonymous": REFUSED, "editor": REFUSED, "publisher": LIVE, "superuser": LIVE}
EDITOR_DRAFT = {"anonymous": REFUSED, "editor": DRAFT, "publisher": DRAFT, "superuser": DRAFT}
REGISTER = "/you-said-we-did/"


def submission(**fields):
    values = {
        "about": About.LOCAL_OFFER,
        "role": Role.PARENT,
        "comment": "The admission page is hard to follow.",
        "publish_consent": True,
        "theme": Theme.objects.order_by("pk").first(),
        "you_said": "The admission page was hard to follow.",
        "we_did": "We rewrote it in plain English.",
        "response_date": "2026-11-01",
        **fields,
    }
    return {"entry": Submission.objects.create(**values)}


def save_entry(client, ctx, **changes):
    url = reverse("admin:feedback_submission_change", args=[ctx["entry"].pk])
    return client.post(url, change_form_data(ctx["entry"], **changes))


def entry_fields(ctx):
    entry = Submission.objects.get(pk=ctx["entry"].pk)
    return entry.status, entry.you_said, entry.we_did, entry.staff_notes


ROWS = [
    Row(
        "feedback: publish a responded entry in the register",
        setup=lambda: submission(status=Status.RESPONDED),
        act=lambda client, ctx: save_entry(client, ctx, status=Status.PUBLISHED),
        public=page_text(REGISTER),
        draft=entry_fields,
        expect=PUBLISHER_LIVE,
    ),
    Row(
        "feedback: change a published entry's response",
        setup=lambda: submission(status=Status.PUBLISHED),
        act=lambda client, ctx: save_entry(client, ctx, we_did="We rewrote it again, with parents."),
        public=page_text(REGISTER),
        draft=entry_fields,
        expect=PUBLISHER_LIVE,
    ),
    Row(
        "feedback: take an entry out of the register",
        setup=lambda: submission(status=Status.PUBLISHED),
        act=lambda client, ctx: save_entry(client, ctx, status=Status.RESPONDED),
        public=page_text(REGISTER),
        draft=entry_fields,
        expect=PUBLISHER_LIVE,
    ),
    Row(
        "feedback: triage an entry and draft its response (not published)",
        setup=lambda: submission(status=Status.NEW),
        act=lambda client, ctx: save_entry(
            client, ctx, status=Status.RESPONDED, we_did="A draft response", staff_notes="Checked with the team"
        ),
        public=page_text(REGISTER),
        draft=entry_fields,
        expect=EDITOR_DRAFT,
    ),
    Row(
        "feedback: rename a register theme",
        setup=lambda: {**submission(status=Status.PUBLISHED), "theme": Theme.objects.order_by("pk").first()},
        act=lambda client, ctx: client.post(
            reverse("admin:feedback_theme_change", args=[ctx["theme"].pk]),
            change_form_data(ctx["theme"], name="A renamed theme"),
        ),
        public=page_text(REGISTER),
        expect=PUBLISHER_LIVE,
    ),
]
