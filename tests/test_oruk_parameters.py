"""The ORUK API's parameters: every one the ORUK 3.0 OpenAPI document lists for an endpoint works here, or is
refused with a 400 that names it; organizations; modified_after and the last-modified times behind it; search
with the shared synonyms; query counts constant in the number of units."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import oruk_validator
from tests.factories_units import FullSendUnitFactory
from units.api import ORGANIZATION_ID, TAXONOMY_ID, broad_area_id, hsds_id
from units.models import BroadArea, District, Need, SendUnit

API = "/api/oruk"
SCI = "social-communication-and-interaction"


def get(client, path, query=None, status=200):
    response = client.get(API + path, query or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def names(body):
    return {item["name"] for item in body["contents"]}


def official_parameters():
    """{path: names of its query parameters} from the ORUK 3.0 OpenAPI document."""
    document = oruk_validator.official_openapi()
    found = {}
    for path, item in document["paths"].items():
        listed = item.get("get", {}).get("parameters", []) + item.get("parameters", [])
        resolved = [
            document["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p for p in listed
        ]
        found[path] = {p["name"] for p in resolved if p["in"] == "query"}
    return found


# Each profile parameter with a value that is valid for it.
VALID = {
    "search": "school",
    "page": "1",
    "per_page": "5",
    "format": "json",
    "taxonomy_term_id": broad_area_id(BroadArea.COMMUNICATION),
    "taxonomy_id": TAXONOMY_ID,
    "organization_id": ORGANIZATION_ID,
    "modified_after": "2020-01-01T00:00:00Z",
    "minimal": "true",
    "full": "true",
    "full_service": "true",
    "top_only": "true",
    "parent_id": broad_area_id(BroadArea.COMMUNICATION),
    "postcode": "BB10 1JD",
    "proximity": "1000",
}
NOT_SUPPORTED_YET = {"postcode", "proximity"}


def id_for(path):
    return {
        "/services/{id}": hsds_id("service", SendUnit.objects.order_by("pk").first().pk),
        "/service_at_locations/{id}": hsds_id("service_at_location", SendUnit.objects.order_by("pk").first().pk),
        "/taxonomies/{id}": TAXONOMY_ID,
        "/taxonomy_terms/{id}": broad_area_id(BroadArea.COMMUNICATION),
        "/organizations/{id}": ORGANIZATION_ID,
    }[path]


@pytest.mark.parametrize(
    ("path", "name"), sorted((path, name) for path, names in official_parameters().items() for name in names)
)
def test_every_profile_parameter_works_or_is_refused_by_name(client, seeded, path, name):
    url = path.replace("{id}", id_for(path)) if "{id}" in path else path
    response = client.get(API + url, {name: VALID[name]})
    if name in NOT_SUPPORTED_YET:
        assert response.status_code == 400
        body = response.json()
        assert body["parameter"] == name and "not supported yet" in body["detail"]
    else:
        assert response.status_code == 200, response.content
        assert not oruk_validator.schema_errors(path, response.json())


@pytest.mark.parametrize("path", ["/", "/services", "/services/{id}", "/taxonomy_terms", "/organizations/{id}"])
def test_a_parameter_the_endpoint_does_not_take_is_a_400_naming_it(client, seeded, path):
    url = path.replace("{id}", id_for(path)) if "{id}" in path else path
    body = get(client, url, {"sort": "name"}, status=400)
    assert body["parameter"] == "sort"
    assert "Unknown query parameter 'sort'" in body["detail"]


@pytest.mark.parametrize(
    "query",
    [
        {"modified_after": "not a date"},
        {"modified_after": "2025-13-01"},
        {"modified_after": "31/01/2025"},
        {"per_page": "-5"},
        {"per_page": "1000000"},
        {"organization_id": "123"},
        {"taxonomy_term_id": "x" * 36},
        {"modified_after": "9999-12-31T23:59:59-01:00"},
        {"minimal": "1"},
        {"full": "TRUE"},
        {"format": "JSON"},
    ],
)
def test_bad_values_are_400s_that_name_the_parameter(client, seeded, query):
    body = get(client, "/services", query, status=400)
    assert body["status"] == 400
    assert body["parameter"] == next(iter(query))
    assert next(iter(query)) in body["detail"]


# modified_after and last-modified times ----------------------------------------------------------------------


def test_modified_after_returns_only_what_changed_since(client, seeded):
    now = timezone.now()
    SendUnit.objects.update(modified_at=now - datetime.timedelta(days=10))
    barden = SendUnit.objects.get(slug="barden-primary-school")
    barden.places = 8
    barden.save()
    since = (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = get(client, "/services", {"modified_after": since})
    assert names(body) == {barden.name}
    assert body["contents"][0]["last_modified"] >= since
    sal = get(client, "/service_at_locations", {"modified_after": since})
    assert [item["service"]["name"] for item in sal["contents"]] == [barden.name]
    assert get(client, "/services", {"modified_after": "2000-01-01"})["total_items"] == 9
    # A "+" sent unencoded arrives as a space: still understood.
    offset = (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S") + " 00:00"
    assert names(get(client, "/services", {"modified_after": offset})) == {barden.name}


@pytest.mark.parametrize(
    ("value", "total"),
    [("0001-01-01", 9), ("0001-01-01T00:00:00Z", 9), ("9999-12-31", 0), ("2020-01-01t00:00:00.123456z", 9)],
)
def test_modified_after_takes_any_real_moment(client, seeded, value, total):
    assert get(client, "/services", {"modified_after": value})["total_items"] == total


@pytest.mark.parametrize("model", [District, Need])
def test_a_change_to_a_district_or_need_is_a_change_of_its_services(client, seeded, model):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    SendUnit.objects.update(modified_at=long_ago)
    since = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    assert get(client, "/services", {"modified_after": since})["total_items"] == 0
    item = District.objects.get(slug="burnley") if model is District else Need.objects.get(slug=SCI)
    item.name = item.name + " (renamed)"
    item.save()
    changed = get(client, "/services", {"modified_after": since})
    expected = set(item.units.values_list("name", flat=True))
    assert names(changed) == expected and expected
    assert all(service["last_modified"] > long_ago.isoformat() for service in changed["contents"])


def test_saving_a_unit_moves_its_modified_at(seeded):
    barden = SendUnit.objects.get(slug="barden-primary-school")
    before = barden.modified_at
    barden.age_range = "Reception to Year 6"
    barden.save()
    assert barden.modified_at > before


# minimal and full -------------------------------------------------------------------------------------------


def test_minimal_gives_ids_names_statuses_and_last_changes(client, seeded):
    body = get(client, "/services", {"minimal": "true"})
    assert body["total_items"] == 9
    assert {tuple(sorted(item)) for item in body["contents"]} == {("id", "last_modified", "name", "status")}
    assert not oruk_validator.schema_errors("/services", body)
    assert get(client, "/services", {"minimal": "true", "full": "true"})["contents"] == body["contents"]


def test_full_nests_services_as_their_id_endpoint_does(client, seeded):
    body = get(client, "/services", {"full": "true"})
    for service in body["contents"]:
        assert service == get(client, f"/services/{service['id']}")
    assert not oruk_validator.schema_errors("/services", body)
    assert get(client, "/services", {"full": "false"}) == get(client, "/services")


# Organizations ----------------------------------------------------------------------------------------------


def test_with_the_seed_the_council_is_the_one_organization_and_runs_every_unit(client, seeded):
    body = get(client, "/organizations")
    [council] = body["contents"]
    assert council["id"] == ORGANIZATION_ID
    assert (council["name"], council["email"]) == ("Lancashire County Council", "SENDPartnership@lancashire.gov.uk")
    assert "services" not in council
    detail = get(client, f"/organizations/{ORGANIZATION_ID}")
    assert len(detail["services"]) == 9
    assert {service["id"] for service in detail["services"]} == {
        service["id"] for service in get(client, "/services")["contents"]
    }
    assert {tuple(sorted(service)) for service in detail["services"]} == {("id", "last_modified", "name", "status")}
    full = get(client, f"/organizations/{ORGANIZATION_ID}", {"full_service": "true"})
    assert all(service["contacts"] for service in full["services"])
    assert get(client, "/services", {"organization_id": ORGANIZATION_ID})["total_items"] == 9


def test_a_host_school_with_a_urn_is_the_organization_that_runs_its_units(client, seeded):
    first = FullSendUnitFactory(urn="119236", school_name="Example Primary School", town="Burnley")
    second = FullSendUnitFactory(urn="119236", school_name="Example Primary School", town="Burnley")
    FullSendUnitFactory(urn="119237", school_name="Another School", town="Chorley")
    school_id = hsds_id("organization", "school-urn:119236")
    body = get(client, "/organizations")
    assert [org["name"] for org in body["contents"]] == [
        "Lancashire County Council",
        "Another School",
        "Example Primary School",
    ]
    school = get(client, f"/organizations/{school_id}")
    assert {service["name"] for service in school["services"]} == {first.name, second.name}
    assert school["organization_identifiers"][0]["identifier"] == "119236"
    assert "headteacher and governing body" in school["description"]
    assert not oruk_validator.schema_errors("/organizations/{id}", school)
    by_school = get(client, "/services", {"organization_id": school_id.upper()})
    assert names(by_school) == {first.name, second.name}
    assert get(client, "/services", {"organization_id": ORGANIZATION_ID})["total_items"] == 9
    nested = get(client, "/organizations", {"full": "true"})
    assert [len(org["services"]) for org in nested["contents"]] == [9, 1, 2]
    assert not oruk_validator.schema_errors("/organizations", nested)
    assert names(get(client, "/organizations", {"search": "chorley"})) == {"Another School"}
    assert get(client, "/services", {"organization_id": str(uuid.uuid4())})["total_items"] == 0


# Taxonomy terms ----------------------------------------------------------------------------------------------


def test_taxonomy_term_filters(client, seeded):
    top = get(client, "/taxonomy_terms", {"top_only": "true"})
    assert [term["name"] for term in top["contents"]] == [area.label for area in BroadArea]
    children = get(client, "/taxonomy_terms", {"parent_id": broad_area_id(BroadArea.COMMUNICATION)})
    assert names(children) == {"Social communication and interaction"}
    assert get(client, "/taxonomy_terms", {"parent_id": str(uuid.uuid4())})["total_items"] == 0
    assert get(client, "/taxonomy_terms", {"taxonomy_id": TAXONOMY_ID})["total_items"] == 7
    assert get(client, "/taxonomy_terms", {"taxonomy_id": str(uuid.uuid4())})["total_items"] == 0
    mental_health = get(client, "/taxonomy_terms", {"search": "mental health"})
    assert mental_health["total_items"] == 2  # the broad area, and the need of the same name under it
    assert names(mental_health) == {"Social, emotional and mental health"}
    # The shared synonyms: autism is filed under social communication and interaction.
    assert "Social communication and interaction" in names(get(client, "/taxonomy_terms", {"search": "autism"}))
    assert get(client, "/taxonomies", {"search": "code of practice"})["total_items"] == 1
    assert get(client, "/taxonomies", {"search": "zebra"})["total_items"] == 0


# Search with the shared synonyms -----------------------------------------------------------------------------


def sci_units():
    return set(SendUnit.objects.filter(need__slug=SCI).values_list("name", flat=True))


@pytest.mark.parametrize("word", ["autism", "Autistic", "ASD", "autism spectrum disorder"])
def test_search_for_autism_finds_the_social_communication_units(client, seeded, word):
    body = get(client, "/services", {"search": word})
    assert names(body) == sci_units() and len(sci_units()) == 7
    sal = get(client, "/service_at_locations", {"search": word})
    assert {item["service"]["name"] for item in sal["contents"]} == sci_units()


def test_search_combines_synonyms_with_other_words(client, seeded):
    body = get(client, "/services", {"search": "ASD Burnley"})
    assert {item["name"] for item in body["contents"]} == {
        "Barden Primary School SEND unit",
        "St Leonard's Voluntary Aided Church of England Primary School SEND unit",
    }


# Query counts ------------------------------------------------------------------------------------------------

COUNTED = [
    ("/services", {"full": "true"}),
    ("/services", {"minimal": "true"}),
    ("/services", {"search": "autism", "modified_after": "2000-01-01", "organization_id": ORGANIZATION_ID}),
    ("/service_at_locations", {"full": "true", "per_page": "100"}),
    ("/organizations", {"full_service": "true"}),
    ("/organizations", {}),
    ("/taxonomy_terms", {"search": "autism", "top_only": "false"}),
    ("/taxonomies", {}),
]


@pytest.mark.parametrize(("path", "query"), COUNTED)
def test_queries_are_constant_in_the_number_of_units(client, seeded, django_assert_max_num_queries, path, query):
    get(client, path, query)  # warm the CMS's own caches, so only this API's queries are counted
    with CaptureQueriesContext(connection) as before:
        get(client, path, query)
    FullSendUnitFactory.create_batch(30)
    with django_assert_max_num_queries(4):
        get(client, path, query)
    with CaptureQueriesContext(connection) as after:
        get(client, path, query)
    assert len(after) == len(before)


@pytest.mark.parametrize("kind", ["organization", "service"])
def test_detail_queries_are_bounded(client, seeded, django_assert_max_num_queries, kind):
    units = FullSendUnitFactory.create_batch(30, urn="100001")
    path = {
        "organization": f"/organizations/{hsds_id('organization', 'school-urn:100001')}",
        "service": f"/services/{hsds_id('service', units[0].pk)}",
    }[kind]
    get(client, path, {"full_service": "true"} if kind == "organization" else {})
    with django_assert_max_num_queries(4):
        body = get(client, path, {"full_service": "true"} if kind == "organization" else {})
    if kind == "organization":
        assert len(body["services"]) == 30


def test_an_organization_with_more_services_than_a_page_is_not_nested_in_full(client, seeded):
    """Building thousands of full services in one request would be slow: the 400 points at the paged way."""
    FullSendUnitFactory.create_batch(101, urn="100002")
    school_id = hsds_id("organization", "school-urn:100002")
    listed = get(client, f"/organizations/{school_id}")
    assert len(listed["services"]) == 101
    assert not oruk_validator.schema_errors("/organizations/{id}", listed)
    body = get(client, f"/organizations/{school_id}", {"full_service": "true"}, status=400)
    assert body["parameter"] == "full_service"
    assert "runs 101 services" in body["detail"] and "organization_id" in body["detail"]
    assert get(client, "/organizations", {"full_service": "true"}, status=400)["parameter"] == "full_service"
    assert get(client, "/services", {"organization_id": school_id, "full": "true"})["total_items"] == 101
