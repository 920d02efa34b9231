import io

import pytest
from django.core.management import call_command

from .factories import StaffUserFactory

PUBLIC_PATHS = [
    "/",
    "/about/",
    "/send-units/",
    "/send-unit-places/",
    "/send-unit-places/admission/",
    "/send-unit-places/review-monitoring-and-evaluation/",
    "/send-unit-places/transfer-to-mainstream/",
    "/send-unit-places/transfer-to-specialist-provision/",
    "/inspection-and-improvement/",
    "/local-offer/",
    "/contact/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
]


def seed_site():
    call_command("seed_site", stdout=io.StringIO())


@pytest.fixture
def seeded(db):
    """The whole demo site, as `manage.py seed_site` builds it."""
    seed_site()


@pytest.fixture
def editor(seeded):
    return StaffUserFactory(username="editor", groups=["Editors"])


@pytest.fixture
def publisher(seeded):
    return StaffUserFactory(username="publisher", groups=["Publishers"])
