"""`manage.py seed_site`: builds the published site once; running it again changes nothing."""

import io

from cms.models import Page, PageContent
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from djangocms_versioning.models import Version

from documents.seed import STRATEGIES
from localoffer.seed.content import PAGES

from .conftest import seed_site


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("reverse_id", flat=True)),
        "contents": PageContent.admin_manager.count(),
        "versions": sorted(Version.objects.values_list("state", flat=True)),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "groups": {g.name: g.permissions.count() for g in Group.objects.all()},
    }


def test_seed_is_idempotent(db):
    seed_site()
    first = snapshot()
    seed_site()
    assert snapshot() == first
    assert len(first["pages"]) == len(PAGES) + 1 + len(STRATEGIES)  # + /strategies-and-plans/ and its pages
    assert set(first["versions"]) == {"published"}


def test_home_page_is_the_site_root(seeded):
    assert Page.objects.get(reverse_id="home").is_home


def test_no_account_can_sign_in_after_seeding(seeded):
    assert not any(user.has_usable_password() for user in get_user_model().objects.all())


def test_superuser_only_when_the_environment_asks(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long local password")
    call_command("seed_site", stdout=io.StringIO())
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("a long local password")


def test_publishers_can_publish_and_editors_cannot(seeded):
    publish = Permission.objects.get(codename="publish_page", content_type__app_label="cms")
    assert publish in Group.objects.get(name="Publishers").permissions.all()
    assert publish not in Group.objects.get(name="Editors").permissions.all()
