"""The SEND unit directory: records, filters, summary, exports, import and bad input."""

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tablib import Dataset

from units.admin import SendUnitResource
from units.models import Figure, SendUnit, Status
from units.summary import directory_summary

from .factories_units import DistrictFactory, NeedFactory, SendUnitFactory

LIST = "/send-units/"
SCI = "social-communication-and-interaction"


# Records ---------------------------------------------------------------------------------------------------


def test_seed_creates_the_nine_units_with_no_invented_figures(seeded):
    units = SendUnit.objects.all()
    assert units.count() == 9
    assert set(units.values_list("status", flat=True)) == {"open"}
    assert not units.filter(places__isnull=False).exists()
    assert not units.exclude(postcode="").exists()
    assert SendUnit.objects.get(slug="seven-stars-primary-school").need.name == "Generic learning difficulties"


@pytest.mark.parametrize("postcode", ["PR1 8XJ", "pr18xj", "BB11 2AA", "M1 1AE"])
def test_valid_postcodes_are_normalised(seeded, postcode):
    unit = SendUnitFactory.build(district=DistrictFactory(), need=NeedFactory(), postcode=postcode)
    unit.full_clean()
    assert unit.postcode == unit.postcode.upper()
    assert " " in unit.postcode


@pytest.mark.parametrize("postcode", ["12345", "PR1", "not a postcode", "PR1 8XJJ"])
def test_invalid_postcodes_are_refused_with_a_clear_message(seeded, postcode):
    unit = SendUnitFactory.build(district=DistrictFactory(), need=NeedFactory(), postcode=postcode)
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "Enter a real UK postcode" in str(error.value)


def test_coordinates_come_in_pairs_and_inside_the_uk(seeded):
    unit = SendUnitFactory.build(district=DistrictFactory(), need=NeedFactory(), latitude=53.7)
    with pytest.raises(ValidationError, match="both latitude and longitude"):
        unit.full_clean()
    unit.latitude, unit.longitude = 10, -2
    with pytest.raises(ValidationError):
        unit.full_clean()


def test_an_open_unit_needs_its_opening_month(seeded):
    unit = SendUnitFactory.build(district=DistrictFactory(), need=NeedFactory(), opening_date=None)
    with pytest.raises(ValidationError, match="needs the month it opened"):
        unit.full_clean()


def test_map_link_uses_coordinates_when_known(seeded):
    unit = SendUnitFactory.build(school_name="St Leonard's", town="Burnley")
    assert unit.map_url == "https://www.openstreetmap.org/search?query=St+Leonard%27s%2C+Burnley"
    unit.latitude, unit.longitude = 53.79, -2.24
    assert unit.map_url.startswith("https://www.openstreetmap.org/?mlat=53.79&mlon=-2.24")


def test_records_never_checked_or_checked_long_ago_are_stale(seeded):
    unit = SendUnitFactory.build(last_checked=None)
    assert unit.is_stale
    unit.last_checked = datetime.date.today() - datetime.timedelta(days=400)
    assert unit.is_stale
    unit.last_checked = datetime.date.today()
    assert not unit.is_stale


# Summary ---------------------------------------------------------------------------------------------------


def test_summary_counts_units_and_takes_published_figures_where_units_cannot_say(client, seeded):
    summary = directory_summary()
    assert summary.open_units == 9
    # Per-unit places are not published and no unit is recorded as due: the Partnership's figures stand in,
    # each in a sentence of its own that says so, never mixed into the count of unit records.
    assert summary.open_places is None
    assert summary.places_figure.value == 144
    assert summary.due_units == 0
    assert (summary.due_figure.value, summary.due_figure.period) == (4, "in 2023")
    html = client.get(LIST).content.decode()
    assert "9 SEND units are open." in html
    assert "comes from the SEND Partnership's published figure: up to 144 children in open units." in html
    assert "According to the SEND Partnership's published figure, 4 more units are due to open in 2023." in html
    assert "A further 88 SEND unit places should become available by the start of the 2024/25" in html
    assert "another 40 are under consideration" in html


def test_summary_follows_the_data_when_staff_change_it(client, seeded):
    SendUnitFactory(status=Status.PLANNED, opening_date=None, expected_opening="Autumn term 2027")
    SendUnit.objects.filter(slug="barden-primary-school").update(status=Status.CLOSED)
    Figure.objects.filter(kind=Figure.Kind.NEW_PLACES).update(value=90)
    html = client.get(LIST).content.decode()
    assert "8 SEND units are open; 1 more is due to open." in html
    assert "up to 144 children in open units" in html
    assert "A further 90 SEND unit places" in html


def test_summary_uses_unit_places_once_every_open_unit_has_them(seeded):
    SendUnit.objects.update(places=16)
    assert directory_summary().open_places == 9 * 16


# Public list and detail ----------------------------------------------------------------------------------


def test_parent_filters_to_sci_units_in_burnley_and_opens_one(client, seeded):
    response = client.get(LIST, {"need": SCI, "town": "Burnley"})
    html = response.content.decode()
    assert "2 units found" in html
    assert "Barden Primary School SEND unit" in html
    assert "St Leonard&#x27;s Voluntary Aided Church of England Primary School SEND unit" in html
    assert "Barrowford" not in html.split('id="results"')[1]
    detail = client.get("/send-units/barden-primary-school/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "April 2022" in body
    assert 'href="/send-unit-places/admission/"' in body
    assert "Not yet checked" in body
    assert 'href="https://www.openstreetmap.org/search?query=Barden+Primary+School%2C+Burnley"' in body


def test_active_filters_are_shown_and_removable(client, seeded):
    html = client.get(LIST, {"need": SCI, "district": "burnley"}).content.decode()
    assert "Need: Social communication and interaction" in html
    assert 'href="?district=burnley#results"' in html
    assert 'href="?need=social-communication-and-interaction#results"' in html


def test_result_count_is_announced(client, seeded):
    html = client.get(LIST, {"phase": "secondary"}).content.decode()
    assert '<h3 id="results-heading" role="status">1 unit found</h3>' in html


def test_keyword_search_and_sort(client, seeded):
    html = client.get(LIST, {"q": "Preston"}).content.decode()
    assert "1 unit found" in html
    newest = client.get(LIST, {"sort": "newest"}).context["units"]
    assert newest[0].opening_date >= newest[len(newest) - 1].opening_date


def test_empty_results_are_helpful(client, seeded):
    html = client.get(LIST, {"q": "Atlantis"}).content.decode()
    assert "0 units found" in html
    assert "No SEND units match your search." in html


def test_pagination_keeps_the_filters(client, seeded):
    SendUnitFactory.create_batch(25)
    html = client.get(LIST, {"town": "Burnley"}).content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?town=Burnley&amp;page=2#results"' in html


@pytest.mark.parametrize(
    "query",
    [
        {"page": "0"},
        {"page": "abc"},
        {"page": "99999"},
        {"need": "no-such-need"},
        {"district": "atlantis"},
        {"status": "x" * 5000},
        {"sort": "price"},
        {"q": "<script>alert(1)</script>"},
        {"q": "x" * 10_000},
        {"town": "%00"},
        {"q": "burnley\x00"},
        {"need": "\x00"},
        {"district": "a\x00b"},
        {"status": "\x00"},
    ],
)
def test_bad_input_gets_a_normal_page(client, seeded, query):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_non_utf8_query_string_is_not_an_error(client, seeded):
    response = client.get(LIST + "?q=%ff%fe&need=%c3%28")
    assert response.status_code == 200


def test_unknown_filter_value_is_explained(client, seeded):
    html = client.get(LIST, {"need": "no-such-need"}).content.decode()
    assert "There is a problem with the filters" in html
    assert 'aria-invalid="true"' in html


def test_closed_and_unknown_units_are_404(client, seeded):
    SendUnit.objects.filter(slug="barden-primary-school").update(status=Status.CLOSED)
    assert client.get("/send-units/barden-primary-school/").status_code == 404
    assert client.get("/send-units/no-such-unit/").status_code == 404


def test_list_queries_are_constant_in_the_number_of_units(client, seeded, django_assert_max_num_queries):
    query = {"need": SCI, "sort": "town"}
    client.get(LIST, query)  # warm the CMS's own caches (menus, URL revision) so only our queries vary
    with CaptureQueriesContext(connection) as with_nine:
        client.get(LIST, query)
    SendUnitFactory.create_batch(60)
    client.get(LIST, query)
    with django_assert_max_num_queries(16):
        client.get(LIST, query)
    with CaptureQueriesContext(connection) as with_sixty_nine:
        client.get(LIST, query)
    assert len(with_sixty_nine) == len(with_nine)


def test_detail_queries_are_bounded(client, seeded, django_assert_max_num_queries):
    client.get("/send-units/barden-primary-school/")
    with django_assert_max_num_queries(10):
        client.get("/send-units/barden-primary-school/")


# Exports ---------------------------------------------------------------------------------------------------


def test_csv_export_of_the_filtered_list(client, seeded):
    response = client.get("/send-units/export.csv", {"town": "Burnley"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Data-As-Of"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["slug"] for row in rows} == {
        "barden-primary-school",
        "st-leonards-voluntary-aided-church-of-england-primary-school",
    }
    assert rows[0]["url"].startswith("http://testserver/send-units/")
    assert rows[0]["places"] == ""


def test_json_export_has_the_data_as_of_time(client, seeded):
    data = json.loads(client.get("/send-units/export.json").content)
    assert data["count"] == 9
    assert datetime.datetime.fromisoformat(data["data_as_of"])
    assert data["units"][0]["opening_date"]


# Staff import --------------------------------------------------------------------------------------------


def csv_dataset(rows):
    header = "slug,name,school_name,town,district,phase,need,status,opening_date,postcode\n"
    return Dataset().load(header + "\n".join(rows), format="csv")


SCI_NAME = "Social communication and interaction"
GOOD_ROW = f"new-unit,New SEND unit,New School,Chorley,Chorley,primary,{SCI_NAME},open,2023-09-01,PR7 1AA"
BAD_ROW = f"bad-unit,Bad SEND unit,Bad School,Chorley,Atlantis,primary,{SCI_NAME},open,2023-09-01,NOPE"


def test_import_with_a_bad_row_reports_it_and_saves_nothing(seeded):
    before = SendUnit.objects.count()
    result = SendUnitResource().import_data(csv_dataset([GOOD_ROW, BAD_ROW]), dry_run=False, raise_errors=False)
    assert result.has_errors() or result.has_validation_errors()
    assert SendUnit.objects.count() == before


def test_import_of_good_rows_saves_them(seeded):
    result = SendUnitResource().import_data(csv_dataset([GOOD_ROW]), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert SendUnit.objects.get(slug="new-unit").district.name == "Chorley"


def test_admin_import_preview_shows_row_errors_before_saving(client, seeded, publisher):
    client.force_login(publisher)
    before = SendUnit.objects.count()
    upload = io.BytesIO(
        (
            "slug,name,school_name,town,district,phase,need,status,opening_date,postcode\n" + GOOD_ROW + "\n" + BAD_ROW
        ).encode()
    )
    upload.name = "units.csv"
    response = client.post(
        reverse("admin:units_sendunit_import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some rows failed to validate" in html
    assert "Unknown district &#x27;Atlantis&#x27;. Use one of: Burnley" in html
    assert "Enter a real UK postcode" in html
    assert "confirm" not in html.lower() or "process_import" not in html
    assert SendUnit.objects.count() == before


# Staff content on unit pages -----------------------------------------------------------------------------


def test_staff_add_rich_content_to_a_unit_page_with_the_toolbar(client, seeded, publisher):
    from cms.api import add_plugin
    from cms.toolbar.utils import get_object_edit_url

    unit = SendUnit.objects.get(slug="barden-primary-school")
    client.force_login(publisher)
    edit = client.get(get_object_edit_url(unit))
    assert edit.status_code == 200
    assert b"cms-placeholder" in edit.content

    add_plugin(unit.content_placeholder, "TextPlugin", "en", body="<p>Our unit has a sensory room.</p>")
    client.logout()
    assert "Our unit has a sensory room." in client.get(unit.get_absolute_url()).content.decode()


def test_search_matches_the_words_of_a_renamed_district_and_need(client, seeded):
    from units.models import District, Need

    district = District.objects.get(slug="burnley")
    district.name = "Burnley and Padiham"
    district.save()
    need = Need.objects.get(slug="social-communication-and-interaction")
    need.name = "Social communication (autism)"
    need.save()
    response = client.get("/send-units/", {"q": "padiham autism"})
    assert [unit.slug for unit in response.context["units"]] == [
        "barden-primary-school",
        "st-leonards-voluntary-aided-church-of-england-primary-school",
    ]


def test_search_text_follows_the_unit_on_save(seeded):
    unit = SendUnit.objects.get(slug="barden-primary-school")
    unit.description = "Now with a sensory garden"
    unit.save(update_fields=["description"])
    assert SendUnit.objects.search("SENSORY garden").get() == unit
