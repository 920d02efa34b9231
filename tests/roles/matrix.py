"""The role matrix: every admin and CMS endpoint that can change what the public sees, tried as each role.

Each feature adds its endpoints as ``Row`` objects in a module of its own, ``tests/roles/rows_<area>.py``,
holding a list ``ROWS``; ``tests/test_role_matrix.py`` finds them all and runs every row once per role named
in its ``expect``, each in a rolled-back transaction on the seeded site. A new endpoint is one ``Row``.

A row says how to make its objects (``setup``), the request (``act``, by a client signed in as the role, or
anonymous), what the public sees (``public``, read by an anonymous client before and after, with every cache
cleared: what the database would serve once the cache turns over, not what a stale cache hides) and,
optionally, the draft it should change instead (``draft``). The outcomes:

- ``REFUSED``: neither the public view nor the draft changed; the request got a clear answer (never a 500).
- ``DRAFT``: the public view is unchanged and the draft changed (``draft`` is required).
- ``LIVE``: the public view changed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import admin
from django.test import RequestFactory

REFUSED = "refused"
DRAFT = "draft"
LIVE = "live"
OUTCOMES = (REFUSED, DRAFT, LIVE)
ROLES = ("anonymous", "editor", "publisher", "superuser")


def no_setup():
    return {}


@dataclass(frozen=True)
class Row:
    name: str
    act: Callable[[Any, dict], Any]
    public: Callable[[dict, Any], Any]
    expect: dict[str, str]
    setup: Callable[[], dict] = no_setup
    draft: Callable[[dict], Any] | None = field(default=None)

    def __post_init__(self):
        unknown = set(self.expect) - set(ROLES)
        wrong = {role: outcome for role, outcome in self.expect.items() if outcome not in OUTCOMES}
        if unknown or wrong:
            raise ValueError(f"{self.name}: unknown roles {unknown} or outcomes {wrong}")
        if DRAFT in self.expect.values() and self.draft is None:
            raise ValueError(f"{self.name}: a DRAFT outcome needs a draft reader")


# Readers and requests shared by rows.


def status_of(path):
    """What the public sees: the status code of ``path``."""
    return lambda ctx, client: client.get(path).status_code


def page_text(path):
    """What the public sees: the status and body of ``path``."""

    def read(ctx, client):
        response = client.get(path)
        return response.status_code, response.content.decode() if response.status_code == 200 else ""

    return read


def change_form_data(obj, **changes):
    """POST data for ``obj``'s admin change form, as it stands, with ``changes`` applied.

    Built from the registered ModelAdmin's form as a superuser would get it, so a row needs to name only the
    fields it changes, and the data is the same whichever role then sends it.
    """
    from django.contrib.auth import get_user_model

    model_admin = admin.site._registry[type(obj)]
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_staff=True, is_superuser=True)
    form = model_admin.get_form(request, obj)(instance=obj)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(item) for item in value] if isinstance(value, list | tuple) else str(value)
    data.update(changes)
    return data
