"""SEND unit records, their managed lists (districts, needs) and the published figures: not versioned, so a
change is live at once and only Publishers make it. Deleting a unit is for superusers: Publishers close a unit
(status "Closed"), which keeps its record."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.roles.matrix import LIVE, REFUSED, Row, change_form_data, status_of
from units.admin import SendUnitResource
from units.models import Figure, SendUnit

PUBLISHER_LIVE = {"anonymous": REFUSED, "editor": REFUSED, "publisher": LIVE, "superuser": LIVE}
SUPERUSER_LIVE = {"anonymous": REFUSED, "editor": REFUSED, "publisher": REFUSED, "superuser": LIVE}


def first_unit():
    return {"unit": SendUnit.objects.order_by("pk").first()}


def unit_page(ctx, client):
    response = client.get(ctx["unit"].get_absolute_url())
    return response.status_code, response.content.decode() if response.status_code == 200 else ""


def unit_csv(unit, **changes):
    """The unit as the admin exports it, with ``changes``: what a Publisher would edit and import."""
    dataset = SendUnitResource().export(queryset=SendUnit.objects.filter(pk=unit.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    row.update(changes)
    dataset.wipe()
    dataset.headers = list(row)
    dataset.append(list(row.values()))
    return dataset.export("csv").encode()


def import_csv(client, content):
    """Both steps of the admin import: upload and preview, then confirm with the preview's hidden fields."""
    upload = SimpleUploadedFile("units.csv", content, content_type="text/csv")
    preview = client.post(
        reverse("admin:units_sendunit_import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    confirm_form = preview.context.get("confirm_form") if preview.status_code == 200 and preview.context else None
    if confirm_form is None:
        return preview
    return client.post(reverse("admin:units_sendunit_process_import"), confirm_form.initial)


def add_unit_data(unit):
    return change_form_data(unit, name="A brand new unit", slug="a-brand-new-unit", urn="")


ROWS = [
    Row(
        "unit admin: rename a live unit",
        setup=first_unit,
        act=lambda client, ctx: client.post(
            reverse("admin:units_sendunit_change", args=[ctx["unit"].pk]),
            change_form_data(ctx["unit"], name="Renamed unit"),
        ),
        public=lambda ctx, client: "Renamed unit" in client.get(ctx["unit"].get_absolute_url()).content.decode(),
        expect=PUBLISHER_LIVE,
    ),
    Row(
        "unit admin: add a unit",
        setup=first_unit,
        act=lambda client, ctx: client.post(reverse("admin:units_sendunit_add"), add_unit_data(ctx["unit"])),
        public=status_of("/send-units/a-brand-new-unit/"),
        expect=PUBLISHER_LIVE,
    ),
    Row(
        "unit admin: delete a unit",
        setup=first_unit,
        act=lambda client, ctx: client.post(
            reverse("admin:units_sendunit_delete", args=[ctx["unit"].pk]), {"post": "yes"}
        ),
        public=lambda ctx, client: client.get(ctx["unit"].get_absolute_url()).status_code,
        expect=SUPERUSER_LIVE,
    ),
    Row(
        "unit import: preview and confirm a CSV that renames a unit",
        setup=first_unit,
        act=lambda client, ctx: import_csv(client, unit_csv(ctx["unit"], name="Imported name")),
        public=unit_page,
        expect=PUBLISHER_LIVE,
    ),
    Row(
        "district admin: rename a district",
        setup=first_unit,
        act=lambda client, ctx: client.post(
            reverse("admin:units_district_change", args=[ctx["unit"].district_id]),
            change_form_data(ctx["unit"].district, name="Renamed district"),
        ),
        public=unit_page,
        expect=PUBLISHER_LIVE,
    ),
    Row(
        "need admin: rename a need",
        setup=first_unit,
        act=lambda client, ctx: client.post(
            reverse("admin:units_need_change", args=[ctx["unit"].need_id]),
            change_form_data(ctx["unit"].need, name="Renamed need"),
        ),
        public=unit_page,
        expect=PUBLISHER_LIVE,
    ),
    Row(
        "figure admin: change a published figure",
        setup=lambda: {"figure": Figure.objects.get(kind=Figure.Kind.NEW_PLACES)},
        act=lambda client, ctx: client.post(
            reverse("admin:units_figure_change", args=[ctx["figure"].pk]),
            change_form_data(ctx["figure"], value=str(ctx["figure"].value + 7)),
        ),
        public=lambda ctx, client: client.get("/send-units/").content.decode(),
        expect=PUBLISHER_LIVE,
    ),
]
