"""The Open Referral UK API at /api/oruk/: mapping, paging, filters, bad input, CORS, query counts, and the
OpenAPI document checked against the real responses (JSON Schema here, schemathesis at the end)."""

import datetime
import uuid
from decimal import Decimal

import jsonschema_rs
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, settings

from units.api import ID_NAMESPACE, ORGANIZATION_ID, TAXONOMY_ID, broad_area_id, hsds_id
from units.models import BroadArea, District, Need, SendUnit, Status
from units.openapi import build_openapi

API = "/api/oruk"
BARDEN = "barden-primary-school"


def get(client, path, query=None, status=200):
    response = client.get(API + path, query or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def validator(component):
    document = build_openapi()
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def assert_matches(component, data):
    errors = [f"{error.instance_path}: {error.message}" for error in validator(component).iter_errors(data)]
    assert not errors, errors


def unit(slug=BARDEN):
    return SendUnit.objects.get(slug=slug)


def service_id(slug=BARDEN):
    return hsds_id("service", unit(slug).pk)


def add_units(count, **fields):
    district = District.objects.get(slug="preston")
    need = Need.objects.get(slug="social-communication-and-interaction")
    units = [
        SendUnit(
            name=f"Extra School {n} SEND unit",
            school_name=f"Extra School {n}",
            slug=f"extra-school-{n}",
            town="Preston",
            district=district,
            need=need,
            phase="primary",
            status=Status.OPEN,
            opening_date=datetime.date(2023, 9, 1),
            **fields,
        )
        for n in range(count)
    ]
    for unit in units:
        unit.search_text = unit.build_search_text()  # what save() does; bulk_create skips it
    SendUnit.objects.bulk_create(units)


# API info and the OpenAPI document -------------------------------------------------------------------------


def test_api_info_names_the_version_profile_and_openapi_document(client, seeded):
    info = get(client, "/")
    assert_matches("ApiInfo", info)
    assert info["version"] == "HSDS-UK-3.0"  # the ORUK validator picks its 3.0 test profile by this name
    # The profile URL the ORUK 3.0 specification gives for this field (schema/api_details.json).
    assert info["profile"] == "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
    assert info["openapi_url"] == "http://testserver/api/oruk/openapi.json"


def test_openapi_document_is_served_and_documents_every_route(client, seeded):
    document = get(client, "/openapi.json")
    assert document == build_openapi()
    schemathesis.openapi.from_dict(document).validate()  # against the OpenAPI 3.1 meta-schema
    assert set(document["paths"]) == {
        "/",
        "/services",
        "/services/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
        "/organizations",
        "/organizations/{id}",
    }


# Services --------------------------------------------------------------------------------------------------


def test_services_list_pages_through_the_nine_units(client, seeded):
    pages = [get(client, "/services", {"per_page": 4, "page": page}) for page in (1, 2, 3)]
    for body in pages:
        assert_matches("ServicePage", body)
    assert [body["size"] for body in pages] == [4, 4, 1]
    assert [(body["first_page"], body["last_page"], body["empty"]) for body in pages] == [
        (True, False, False),
        (False, False, False),
        (False, True, False),
    ]
    assert {(body["total_items"], body["total_pages"]) for body in pages} == {(9, 3)}
    ids = [service["id"] for body in pages for service in body["contents"]]
    names = [service["name"] for body in pages for service in body["contents"]]
    assert len(set(ids)) == 9
    assert names == sorted(names)
    assert set(ids) == {hsds_id("service", pk) for pk in SendUnit.objects.values_list("pk", flat=True)}


def test_default_page_is_the_first_fifty(client, seeded):
    body = get(client, "/services")
    assert (body["page_number"], body["size"], body["total_pages"]) == (1, 9, 1)
    assert body["first_page"] and body["last_page"] and not body["empty"]


def test_a_page_after_the_last_is_empty_not_an_error(client, seeded):
    body = get(client, "/services", {"page": 7})
    assert_matches("ServicePage", body)
    assert body["contents"] == []
    assert (body["total_items"], body["page_number"], body["size"]) == (9, 7, 0)
    assert body["empty"] and body["last_page"] and not body["first_page"]


def test_service_detail_is_fully_nested(client, seeded):
    body = get(client, f"/services/{service_id()}")
    assert_matches("Service", body)
    barden = unit()
    assert body["name"] == "Barden Primary School SEND unit"
    assert body["status"] == "active"
    assert body["url"] == f"http://testserver/send-units/{BARDEN}/"
    # No URN for its host school: a service of the council.
    assert body["organization_id"] == body["organization"]["id"] == ORGANIZATION_ID
    assert body["organization"]["name"] == "Lancashire County Council"
    assert body["organization"]["website"] == "https://www.lancashire.gov.uk"
    assert body["organization"]["email"] == "SENDPartnership@lancashire.gov.uk"
    [link] = body["service_at_locations"]
    assert link["service_id"] == body["id"]
    location = link["location"]
    assert link["location_id"] == location["id"] == hsds_id("location", barden.pk)
    assert location["name"] == "Barden Primary School"
    assert (
        location["description"] == "The host school of Barden Primary School SEND unit, in Burnley (Burnley district)."
    )
    # Not recorded, so left out: never null or "".
    assert not {"latitude", "longitude", "external_identifier", "addresses"} & set(location)
    [attribute] = body["attributes"]
    term = attribute["taxonomy_term"]
    assert attribute["link_id"] == body["id"]
    assert attribute["taxonomy_term_id"] == term["id"] == hsds_id("need", barden.need_id)
    assert term["name"] == "Social communication and interaction"
    assert term["parent_id"] == broad_area_id(BroadArea.COMMUNICATION)
    assert term["taxonomy_id"] == TAXONOMY_ID
    # The seed holds no unit contact: the Partnership's published one stands in. No ages, schedules or fees.
    [contact] = body["contacts"]
    assert contact == {
        "id": hsds_id("contact", f"partnership:{barden.pk}"),
        "service_id": body["id"],
        "name": "Lancashire SEND Partnership",
        "email": "SENDPartnership@lancashire.gov.uk",
    }
    assert body["email"] == "SENDPartnership@lancashire.gov.uk"
    absent = {"minimum_age", "maximum_age", "assured_date", "alert", "fees", "schedules", "languages", "funding"}
    assert not absent & set(body)
    assert None not in body.values() and "" not in body.values()
    assert "Opened in April 2022." in body["description"]


def test_every_recorded_field_reaches_the_service(client, seeded):
    SendUnit.objects.filter(slug=BARDEN).update(
        address="Barden Lane\nBurnley Wood",
        postcode="BB10 1JD",
        latitude=Decimal("53.795000"),
        longitude=Decimal("-2.225000"),
        urn="119236",
        contact_name="Ann Example",
        contact_email="send@example.org",
        contact_phone="01282 000000",
        website="https://barden.example.org/send",
        description="A calm base for eight children.",
        places=8,
        age_range="Reception to Year 6",
        last_checked=datetime.date(2025, 1, 31),
    )
    body = get(client, f"/services/{service_id()}")
    assert_matches("Service", body)
    assert body["url"] == "https://barden.example.org/send"
    assert body["email"] == "send@example.org"
    # The host school is known by its URN: the school runs the unit (the seed page: its headteacher and
    # governing body manage it day to day).
    school_id = hsds_id("organization", "school-urn:119236")
    assert body["organization_id"] == body["organization"]["id"] == school_id
    assert body["organization"]["name"] == "Barden Primary School"
    [identifier] = body["organization"]["organization_identifiers"]
    assert (identifier["identifier"], identifier["organization_id"]) == ("119236", school_id)
    assert "email" not in body["organization"]  # the school's own address is not recorded
    assert body["assured_date"] == "2025-01-31"
    assert body["description"].startswith("A calm base for eight children.\n\n")
    assert "Age range: Reception to Year 6." in body["description"] and "Places: 8." in body["description"]
    location = body["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (53.795, -2.225)
    assert (location["external_identifier"], location["external_identifier_type"]) == ("119236", "URN")
    [address] = location["addresses"]
    assert (address["address_1"], address["city"], address["postal_code"]) == (
        "Barden Lane, Burnley Wood",
        "Burnley",
        "BB10 1JD",
    )
    assert (address["region"], address["country"], address["address_type"]) == ("Burnley", "GB", "physical")
    [contact] = body["contacts"]
    assert (contact["name"], contact["email"]) == ("Ann Example", "send@example.org")
    assert [phone["number"] for phone in contact["phones"]] == ["01282 000000"]
    assert contact["phones"][0]["contact_id"] == contact["id"]


@pytest.mark.parametrize("status", [Status.PLANNED, Status.OPENING])
def test_units_not_open_yet_are_inactive_with_an_alert(client, seeded, status):
    SendUnit.objects.filter(slug=BARDEN).update(status=status, opening_date=None, expected_opening="Autumn term 2026")
    body = get(client, f"/services/{service_id()}")
    assert_matches("Service", body)
    assert body["status"] == "inactive"
    assert "not open yet" in body["alert"] and "Autumn term 2026" in body["alert"]
    SendUnit.objects.filter(slug=BARDEN).update(opening_date=datetime.date(2026, 9, 1))
    assert "September 2026" in get(client, f"/services/{service_id()}")["alert"]


def test_closed_units_are_left_out(client, seeded):
    SendUnit.objects.filter(slug=BARDEN).update(status=Status.CLOSED)
    body = get(client, "/services")
    assert body["total_items"] == 8
    assert service_id() not in {service["id"] for service in body["contents"]}
    get(client, f"/services/{service_id()}", status=404)
    get(client, f"/service_at_locations/{hsds_id('service_at_location', unit().pk)}", status=404)


def test_ids_are_stable_uuid5s_and_accepted_in_any_case(client, seeded):
    barden = unit()
    assert service_id() == str(uuid.uuid5(ID_NAMESPACE, f"service:{barden.pk}"))
    # Published ids must never change: this pins the namespace.
    assert hsds_id("service", 1) == "7fae186b-a270-5557-ab6f-8ffb9079f300"
    assert get(client, f"/services/{service_id().upper()}")["id"] == service_id()


@pytest.mark.parametrize(
    "path",
    [
        "/services/not-a-uuid",
        f"/services/{uuid.UUID(int=0)}",
        "/services/" + "7fae186b-a270-5557-ab6f-8ffb9079f300".replace("-", ""),
        "/services/",
        "/services/" + "9" * 5000,
        "/service_at_locations/123",
        f"/service_at_locations/{uuid.uuid4()}",
        "/taxonomies/nope",
        f"/taxonomies/{uuid.uuid4()}",
        "/taxonomy_terms/nope",
        f"/taxonomy_terms/{uuid.uuid4()}",
        "/organizations/nope",
        f"/organizations/{uuid.uuid4()}",
        "/services/a/b",
    ],
)
def test_unknown_or_malformed_ids_and_paths_are_json_404s(client, seeded, path):
    body = get(client, path, status=404)
    assert_matches("Error", body)
    assert body["status"] == 404


# Filters ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("Burnley", {"barden-primary-school", "st-leonards-voluntary-aided-church-of-england-primary-school"}),
        ("barden PRIMARY", {BARDEN}),
        ("primary barden", {BARDEN}),
        ("generic", {"seven-stars-primary-school"}),
        ("\x00Barden\x00", {BARDEN}),
        ("Barden nowhere", set()),
        ("100%", set()),
        ("   ", None),
    ],
)
def test_search_matches_every_word(client, seeded, search, expected):
    body = get(client, "/services", {"search": search})
    names = {service["name"] for service in body["contents"]}
    if expected is None:
        assert body["total_items"] == 9
    else:
        assert names == {f"{unit(slug).name}" for slug in expected}


def test_taxonomy_term_filter_takes_a_need_or_a_broad_area(client, seeded):
    for need in Need.objects.all():
        body = get(client, "/services", {"taxonomy_term_id": hsds_id("need", need.pk)})
        assert body["total_items"] == need.units.count() > 0
        ids = {hsds_id("service", pk) for pk in need.units.values_list("pk", flat=True)}
        assert {service["id"] for service in body["contents"]} == ids
    for area in BroadArea:
        body = get(client, "/services", {"taxonomy_term_id": broad_area_id(area)})
        assert body["total_items"] == SendUnit.objects.filter(need__broad_area=area).count()
    sal = get(client, "/service_at_locations", {"taxonomy_term_id": broad_area_id(BroadArea.COGNITION)})
    assert [item["location"]["name"] for item in sal["contents"]] == ["Seven Stars Primary School"]
    unknown = get(client, "/services", {"taxonomy_term_id": str(uuid.uuid4())})
    assert (unknown["total_items"], unknown["total_pages"], unknown["empty"]) == (0, 0, True)
    assert unknown["first_page"] and unknown["last_page"]


def test_taxonomy_filter(client, seeded):
    assert get(client, "/services", {"taxonomy_id": TAXONOMY_ID.upper()})["total_items"] == 9
    assert get(client, "/services", {"taxonomy_id": str(uuid.uuid4())})["total_items"] == 0


# Bad input -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"page": "0"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": ""},
        {"page": "1.5"},
        {"page": " 1"},
        {"page": "١"},  # an Arabic-Indic digit, which int() would take
        {"page": "1_0"},
        {"page": "1000000000"},
        {"page": "9" * 5000},
        {"per_page": "-1"},
        {"per_page": "0"},
        {"per_page": "000"},
        {"per_page": "abc"},
        {"per_page": ""},
        {"per_page": "1e3"},
        {"per_page": "101"},
        {"per_page": "9" * 5000},
        {"search": "x" * 201},
        {"search": "Barden " * 10_000},
        {"taxonomy_term_id": "abc"},
        {"taxonomy_term_id": ""},
        {"taxonomy_term_id": "7fae186ba2705557ab6f8ffb9079f300"},
        {"taxonomy_term_id": "{7fae186b-a270-5557-ab6f-8ffb9079f300}"},
        {"taxonomy_id": "1"},
        {"organization_id": "council"},
        {"modified_after": "yesterday"},
        {"modified_after": "2025-02-30"},
        {"modified_after": "2025-01-01T25:00:00Z"},
        {"modified_after": "0001-01-01T00:00:00+01:00"},
        {"full": "yes"},
        {"format": "ndjson"},
        {"format": "xml"},
        {"unknown": "1"},
        {"sort": "name"},
        {"page": ["1", "2"]},
    ],
)
@pytest.mark.parametrize("endpoint", ["/services", "/service_at_locations"])
def test_bad_query_values_are_400s_with_a_reason(client, seeded, endpoint, query):
    body = get(client, endpoint, query, status=400)
    assert_matches("Error", body)
    assert body["status"] == 400
    assert body["detail"]


@pytest.mark.parametrize("endpoint", ["/taxonomies", "/taxonomy_terms"])
@pytest.mark.parametrize("query", [{"page": "0"}, {"page": "x"}, {"per_page": "-1"}])
def test_bad_paging_on_taxonomies_is_a_400(client, seeded, endpoint, query):
    assert_matches("Error", get(client, endpoint, query, status=400))


def test_search_of_exactly_200_characters_is_accepted(client, seeded):
    assert get(client, "/services", {"search": "x" * 200})["total_items"] == 0


def test_per_page_up_to_100(client, seeded):
    add_units(110)
    body = get(client, "/services", {"per_page": "100"})
    assert_matches("ServicePage", body)
    assert (body["total_items"], body["size"], body["total_pages"]) == (119, 100, 2)
    assert get(client, "/services", {"per_page": "0000000007"})["size"] == 7
    error = get(client, "/services", {"per_page": "101"}, status=400)
    assert error["parameter"] == "per_page"
    assert "from 1 to 100" in error["detail"]


# Taxonomies and service at locations -----------------------------------------------------------------------


def test_taxonomy_terms_are_the_broad_areas_then_the_needs(client, seeded):
    body = get(client, "/taxonomy_terms")
    assert_matches("TaxonomyTermPage", body)
    terms = body["contents"]
    assert body["total_items"] == len(BroadArea) + Need.objects.count() == 7
    areas, needs = terms[: len(BroadArea)], terms[len(BroadArea) :]
    assert [term["name"] for term in areas] == [area.label for area in BroadArea]
    assert all("parent_id" not in term for term in areas)
    assert {term["parent_id"] for term in needs} <= {term["id"] for term in areas}
    assert [term["name"] for term in needs] == sorted(Need.objects.values_list("name", flat=True))
    for term in terms:
        assert get(client, f"/taxonomy_terms/{term['id']}") == term
    paged = get(client, "/taxonomy_terms", {"per_page": 5, "page": 2})
    assert (paged["size"], paged["total_pages"], paged["last_page"]) == (2, 2, True)


def test_one_taxonomy(client, seeded):
    body = get(client, "/taxonomies")
    assert_matches("TaxonomyPage", body)
    [taxonomy] = body["contents"]
    assert taxonomy["id"] == TAXONOMY_ID
    assert taxonomy["name"] == "SEND Code of Practice broad areas of need"
    assert get(client, f"/taxonomies/{TAXONOMY_ID}") == taxonomy
    assert_matches("Taxonomy", taxonomy)


def test_service_at_locations_link_the_same_ids_as_the_services(client, seeded):
    body = get(client, "/service_at_locations")
    assert_matches("ServiceAtLocationPage", body)
    assert body["total_items"] == 9
    full = {item["id"]: item for item in get(client, "/service_at_locations", {"full": "true"})["contents"]}
    for item in body["contents"]:
        detail = get(client, f"/service_at_locations/{item['id']}")
        assert_matches("ServiceAtLocation", detail)
        assert detail == full[item["id"]]
        assert detail["location"] == item["location"]
        assert detail["service"]["contacts"]  # fully nested
        service = get(client, f"/services/{item['service_id']}")
        assert service["service_at_locations"][0]["id"] == item["id"]
        assert service["service_at_locations"][0]["location"] == item["location"]


# HTTP behaviour --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", ["/", "/services", "/taxonomy_terms", "/services/x"])
def test_only_get_and_head_are_allowed(client, seeded, method, path):
    response = getattr(client, method)(API + path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert_matches("Error", response.json())


def test_head_is_allowed(client, seeded):
    response = client.head(API + "/services")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_no_cookie_or_login_needed(client, seeded):
    response = client.get(API + "/services")
    assert not response.cookies


# Query counts ----------------------------------------------------------------------------------------------

COUNTED = [
    ("/services", {}),
    ("/services", {"search": "school", "taxonomy_term_id": broad_area_id(BroadArea.COMMUNICATION)}),
    ("/service_at_locations", {"per_page": 100}),
    ("/taxonomy_terms", {}),
]


@pytest.mark.parametrize(("path", "query"), COUNTED)
def test_list_queries_are_constant_in_the_number_of_units(client, seeded, django_assert_max_num_queries, path, query):
    get(client, path, query)  # warm the CMS's own caches, so only this API's queries are counted
    with CaptureQueriesContext(connection) as with_nine:
        get(client, path, query)
    add_units(60)
    with django_assert_max_num_queries(4):
        body = get(client, path, query)
    with CaptureQueriesContext(connection) as with_sixty_nine:
        get(client, path, query)
    assert len(with_sixty_nine) == len(with_nine)
    if path != "/taxonomy_terms":
        assert body["size"] > 9


def test_detail_queries_are_bounded(client, seeded, django_assert_max_num_queries):
    add_units(60)
    path = f"/services/{service_id()}"
    get(client, path)
    with django_assert_max_num_queries(4):
        get(client, path)


# Schemathesis: the OpenAPI document against the running application ---------------------------------------


@pytest.fixture
def wsgi_requests_keep_the_test_database():
    """Django's test client stops each request from closing the test's database connection; schemathesis's
    WSGI client is werkzeug's, so do the same for it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def oruk_schema(seeded, wsgi_requests_keep_the_test_database):
    """The served OpenAPI document, calling the Django WSGI application in-process (no network)."""
    return schemathesis.openapi.from_wsgi(f"{API}/openapi.json", WSGIHandler())


# schemathesis.pytest.from_fixture() needs pytest's private `Item._nodeid`, gone in pytest 9.2: so load the
# same document (the served one is compared with it above) when the module is collected.
schema = schemathesis.openapi.from_dict(build_openapi())
schema.app = WSGIHandler()


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_openapi_document(case, seeded, wsgi_requests_keep_the_test_database):
    case.call_and_validate()


def test_real_ids_conform_to_the_openapi_document(oruk_schema):
    """Generated UUIDs never name a real record: check each real record once through schemathesis too."""
    units = SendUnit.objects.public()
    cases = [("/services/{id}", hsds_id("service", pk)) for pk in units.values_list("pk", flat=True)]
    cases += [
        ("/service_at_locations/{id}", hsds_id("service_at_location", pk)) for pk in units.values_list("pk", flat=True)
    ]
    cases += [("/taxonomies/{id}", TAXONOMY_ID), ("/organizations/{id}", ORGANIZATION_ID)]
    cases += [("/taxonomy_terms/{id}", broad_area_id(area)) for area in BroadArea]
    cases += [("/taxonomy_terms/{id}", hsds_id("need", pk)) for pk in Need.objects.values_list("pk", flat=True)]
    for path, id_ in cases:
        case = oruk_schema[path]["GET"].Case(path_parameters={"id": id_})
        response = case.call_and_validate()
        assert response.status_code == 200, (path, id_)
