"""Runs every row of the role matrix (tests/roles/matrix.py) as each role it names."""

import importlib
import pkgutil

import pytest
from django.core.cache import cache
from django.test import Client

from tests.roles.matrix import DRAFT, LIVE, REFUSED

from .factories import StaffUserFactory, UserFactory


def all_rows():
    package = importlib.import_module("tests.roles")
    rows = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("rows_"):
            rows.extend(importlib.import_module(f"tests.roles.{module.name}").ROWS)
    return rows


ROWS = all_rows()
CASES = [pytest.param(row, role, id=f"{row.name} [{role}]") for row in ROWS for role in row.expect]


def client_for(role):
    client = Client()
    users = {
        "editor": lambda: StaffUserFactory(username="matrix-editor", groups=["Editors"]),
        "publisher": lambda: StaffUserFactory(username="matrix-publisher", groups=["Publishers"]),
        "superuser": lambda: UserFactory(username="matrix-superuser", is_staff=True, is_superuser=True),
    }
    if role != "anonymous":
        client.force_login(users[role]())
    return client


def public_view(row, ctx):
    cache.clear()
    return row.public(ctx, Client())


def test_row_names_are_unique():
    names = [row.name for row in ROWS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("row", [pytest.param(row, id=row.name) for row in ROWS])
def test_every_row_proves_its_request_can_work(row):
    """A row that every role is refused could be a request that never worked: one role must get through."""
    assert set(row.expect.values()) != {REFUSED}, "give the role that may do this (publisher or superuser)"


@pytest.mark.parametrize(("row", "role"), CASES)
def test_role_matrix(seeded, row, role):
    ctx = row.setup()
    client = client_for(role)
    public_before = public_view(row, ctx)
    draft_before = row.draft(ctx) if row.draft else None

    response = row.act(client, ctx)

    assert response.status_code < 500
    public_after = public_view(row, ctx)
    draft_after = row.draft(ctx) if row.draft else None
    expected = row.expect[role]
    if expected == LIVE:
        assert public_after != public_before, f"{role}: expected the public site to change"
    else:
        assert public_after == public_before, f"{role}: the public site changed ({response.status_code})"
    if expected == DRAFT:
        assert draft_after != draft_before, f"{role}: expected the draft to change ({response.status_code})"
    if expected == REFUSED and row.draft:
        assert draft_after == draft_before, f"{role}: the draft changed although the action should be refused"
