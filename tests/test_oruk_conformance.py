"""The ORUK API against the official Open Referral UK 3.0 schemas, walked as the official validator walks a feed
(tests/oruk_validator.py): zero errors with the seed data, and with units whose every optional field is filled."""

from tests import oruk_validator

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
