"""Themes for the register and a few clearly labelled example entries, so the demo register is not empty."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from .models import About, ActionStatus, Role, Status, Submission, Theme

THEMES = [
    "Finding information",
    "Accessibility of information",
    "SEND units",
    "Gaps in the local offer",
]
EXAMPLE = "Example entry — for demonstration."

# (theme, about, role, you said, we did, action status, response date)
EXAMPLES = [
    (
        "Finding information",
        About.LOCAL_OFFER,
        Role.PARENT,
        f"{EXAMPLE} Parent carers told us it was hard to find how places at SEND units are decided.",
        f"{EXAMPLE} We added a page on SEND unit places and linked it from every SEND unit page.",
        ActionStatus.DONE,
        datetime.date(2026, 10, 14),
    ),
    (
        "Accessibility of information",
        About.ACCESSIBILITY,
        Role.YOUNG_PERSON,
        f"{EXAMPLE} Young people asked for information in plain English and easy read.",
        f"{EXAMPLE} We are rewriting the main pages in plain English and will add easy read versions.",
        ActionStatus.IN_PROGRESS,
        datetime.date(2026, 11, 2),
    ),
    (
        "Gaps in the local offer",
        About.MISSING,
        Role.PRACTITIONER,
        f"{EXAMPLE} Practitioners said the local offer did not say how many places each unit has.",
        f"{EXAMPLE} We now publish the places in open units and those planned, and will add each unit's "
        "places when schools confirm them.",
        ActionStatus.PLANNED,
        datetime.date(2025, 6, 20),
    ),
]


def seed(stdout):
    themes = {name: Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in THEMES}
    created = 0
    for theme, about, role, you_said, we_did, action, responded in EXAMPLES:
        if Submission.objects.filter(is_example=True, you_said=you_said).exists():
            continue
        Submission.objects.create(
            is_example=True,
            created_at=timezone.make_aware(datetime.datetime.combine(responded, datetime.time(9))),
            about=about,
            role=role,
            comment=you_said,
            publish_consent=True,
            status=Status.PUBLISHED,
            theme=themes[theme],
            you_said=you_said,
            we_did=we_did,
            action_status=action,
            response_date=responded,
        )
        created += 1
    stdout.write(f"Feedback: {len(themes)} themes, {created} example entries created")
