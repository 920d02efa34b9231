import io

import pytest
from cms.models import Page
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from .factories import StaffUserFactory
from .mailserver import blackhole_smtp, smtp_server  # noqa: F401 - fixtures for every test module
from .twofactor import verified_force_login

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
    "/news/",
    "/news/send-plan-2021-2025-approved/",
    "/contact/",
    "/you-said-we-did/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/strategies-and-plans/",
    "/strategies-and-plans/send-plan-2021-2025/",
    "/strategies-and-plans/send-and-alternative-provision-improvement-plan/",
    "/search/",
    "/search/?q=Burnley",
    "/search/?q=zebracrossingqq",
]
# Public pages with a form: they may set the CSRF cookie, so they are not in PUBLIC_PATHS (no cookie at all).
FORM_PATHS = ["/have-your-say/", "/alerts/"]


def seed_site():
    """`manage.py seed_site`, safe to call again after a transactional test flushed the database.

    A flush recreates content types under new ids, but Django and djangocms-versioning (its
    VersionableItem.content_types) cache the old ids for the life of the process.
    """
    ContentType.objects.clear_cache()
    for versionable in apps.get_app_config("djangocms_versioning").cms_extension.versionables:
        versionable.__dict__.pop("content_types", None)
    call_command("seed_site", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the test database once; each test then runs in a transaction that is rolled back."""
    with django_db_blocker.unblock():
        seed_site()


@pytest.fixture
def seeded(db):
    """The whole demo site, as `manage.py seed_site` builds it (again, if a transactional test flushed it)."""
    if not Page.objects.filter(reverse_id="home").exists():
        seed_site()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Menus and pages are cached; a rolled-back test must not leave its pages in the cache."""
    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(items):
    # Browser tests need committed data and flush the database afterwards: run them last, so every other
    # test keeps the seeded data from django_db_setup.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def force_login_is_two_factor(monkeypatch):
    """client.force_login(user) signs in with both factors, as staff must (tests/twofactor.py)."""
    monkeypatch.setattr(Client, "force_login", verified_force_login)


@pytest.fixture
def editor(seeded):
    return StaffUserFactory(username="editor", groups=["Editors"])


@pytest.fixture
def publisher(seeded):
    return StaffUserFactory(username="publisher", groups=["Publishers"])
