"""Two-factor sign-in: a session that passed the password but not the second factor changes nothing.

Each row sends a request that changes the public site, from the role's own account, but with its session
reduced to the password step (as if signed in by password alone): every role is refused. The superuser keeps
its verified session as the control that proves the request itself works.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from tests.roles.matrix import LIVE, REFUSED, Row, change_form_data
from units.models import SendUnit

PASSWORD_ONLY = {"anonymous": REFUSED, "editor": REFUSED, "publisher": REFUSED, "superuser": LIVE}


def password_only(client):
    """The client's session without its second factor, unless it is the superuser's (the control)."""
    session = client.session
    user_id = session.get("_auth_user_id")
    if user_id and not get_user_model().objects.get(pk=user_id).is_superuser:
        session.pop(DEVICE_ID_SESSION_KEY, None)
        session.save()
    return client


def first_unit():
    return {"unit": SendUnit.objects.order_by("pk").first()}


def unit_page(ctx, client):
    response = client.get(ctx["unit"].get_absolute_url())
    return response.status_code, "Renamed by a password" in response.content.decode()


ROWS = [
    Row(
        "password-only session: unit admin renames a live unit",
        setup=first_unit,
        act=lambda client, ctx: password_only(client).post(
            reverse("admin:units_sendunit_change", args=[ctx["unit"].pk]),
            change_form_data(ctx["unit"], name="Renamed by a password"),
        ),
        public=unit_page,
        expect=PASSWORD_ONLY,
    ),
    Row(
        "password-only session: unit admin deletes a live unit",
        setup=first_unit,
        act=lambda client, ctx: password_only(client).post(
            reverse("admin:units_sendunit_delete", args=[ctx["unit"].pk]), {"post": "yes"}
        ),
        public=unit_page,
        expect=PASSWORD_ONLY,
    ),
]
