"""The ORUK API against the official Open Referral UK 3.0 schemas, walked as the official validator walks a feed
(tests/oruk_validator.py): zero errors with the seed data, and with units whose every optional field is filled."""

import datetime

from tests import oruk_validator
from tests.factories_units import FullSendUnitFactory
from units.models import Need, Status

API = "/api/oruk"


def client_get(client):
    def get(path, query):
        response = client.get(API + path, query)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, None

    return get


def report(results):
    lines = [f"{result.url} ({result.status}): {error}" for result in results for error in result.errors]
    return "\n".join(lines[:60])


def test_the_seeded_feed_passes_the_official_schemas(client, seeded):
    results = oruk_validator.walk(client_get(client))
    print("ORUK walk, seed data:", oruk_validator.summary(results))
    assert not [result for result in results if not result.ok], report(results)


def test_units_with_every_optional_field_pass_too(client, seeded):
    """Every field the directory can hold, in every unit status the API lists, two units at one school, and
    descriptions on the needs."""
    FullSendUnitFactory.create_batch(3, status=Status.OPEN)
    FullSendUnitFactory(status=Status.PLANNED, opening_date=None)
    FullSendUnitFactory(status=Status.OPENING, opening_date=datetime.date(2026, 9, 1))
    FullSendUnitFactory(urn=FullSendUnitFactory().urn, school_name="Shared School")
    Need.objects.update(description="A description staff wrote for this need.")
    results = oruk_validator.walk(client_get(client))
    print("ORUK walk, every optional field:", oruk_validator.summary(results))
    assert not [result for result in results if not result.ok], report(results)
    organizations = client.get(API + "/organizations", {"per_page": 100}).json()
    assert organizations["total_items"] == 1 + 6  # the council and six schools (two units share one)
