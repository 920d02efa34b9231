"""SEND unit records: not versioned, so only Publishers change them."""

from django.urls import reverse

from tests.roles.matrix import LIVE, REFUSED, Row, change_form_data
from units.models import SendUnit


def first_unit():
    return {"unit": SendUnit.objects.order_by("pk").first()}


ROWS = [
    Row(
        "unit admin: rename a live unit",
        setup=first_unit,
        act=lambda client, ctx: client.post(
            reverse("admin:units_sendunit_change", args=[ctx["unit"].pk]),
            change_form_data(ctx["unit"], name="Renamed unit"),
        ),
        public=lambda ctx, client: "Renamed unit" in client.get(ctx["unit"].get_absolute_url()).content.decode(),
        expect={"anonymous": REFUSED, "editor": REFUSED, "publisher": LIVE, "superuser": LIVE},
    ),
]
