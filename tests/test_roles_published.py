"""Requests that change a published version in place: refused to every role, superusers included.

Under djangocms-versioning a published version is read-only; it changes by "Edit" (a new draft) and
"Publish". These rows cannot go in the role matrix, which wants one role to get through each row.
"""

import pytest

from tests.roles.matrix import REFUSED
from tests.roles.rows_pages import READ_ONLY_ROWS as PAGE_ROWS
from tests.roles.rows_strategies import READ_ONLY_ROWS as STRATEGY_ROWS

from .test_role_matrix import client_for, public_view

ROWS = PAGE_ROWS + STRATEGY_ROWS
CASES = [pytest.param(row, role, id=f"{row.name} [{role}]") for row in ROWS for role in row.expect]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_published_versions_are_read_only(seeded, row, role):
    assert row.expect[role] == REFUSED
    ctx = row.setup()
    client = client_for(role)
    public_before = public_view(row, ctx)
    draft_before = row.draft(ctx)

    response = row.act(client, ctx)

    assert response.status_code < 500
    assert public_view(row, ctx) == public_before, f"{role}: the public site changed ({response.status_code})"
    assert row.draft(ctx) == draft_before, f"{role}: the published version changed ({response.status_code})"
