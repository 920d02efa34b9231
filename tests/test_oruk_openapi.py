"""The project's own OpenAPI document (units/openapi.py) stays inside the ORUK 3.0 profile: where its schemas
and the profile's describe the same property they agree on type, format and allowed values, whatever the
profile requires is always sent, nothing is nullable, and every path and parameter is one of the profile's."""

import json

import pytest

from tests import oruk_validator
from units import api_params
from units.openapi import build_openapi

# Our component -> the profile's schema file for the same HSDS object.
SAME_OBJECT = {
    "ApiInfo": "api_details.json",
    "Organization": "organization.json",
    "OrganizationWithServices": "organization.json",
    "OrganizationIdentifier": "organization_identifier.json",
    "Taxonomy": "taxonomy.json",
    "TaxonomyTerm": "taxonomy_term.json",
    "Attribute": "attribute.json",
    "Phone": "phone.json",
    "Contact": "contact.json",
    "Address": "address.json",
    "Location": "location.json",
    "ServiceMinimal": "service.json",
    "ServiceSummary": "service.json",
    "Service": "service.json",
    "ServiceInOrganization": "service.json",
    "ServiceAtLocationLink": "service_at_location.json",
    "ServiceAtLocation": "service_at_location.json",
}
# The profile requires these of every listed service (service_list.json), not only of service.json.
LIST_ITEM_REQUIRED = {"id", "name", "status"}


def official(name):
    return oruk_validator.load_json(oruk_validator.STANDARD_DIR / "schema" / name)


def ours():
    return build_openapi()["components"]["schemas"]


def pairs():
    for component, file in SAME_OBJECT.items():
        theirs = official(file)["properties"]
        for name, schema in ours()[component]["properties"].items():
            if name in theirs:
                yield component, name, schema, theirs[name]


@pytest.mark.parametrize(("component", "name", "schema", "theirs"), list(pairs()), ids=lambda v: str(v)[:30])
def test_shared_properties_agree_with_the_profile(component, name, schema, theirs):
    if "$ref" in theirs:  # a nested object: ours refers to our schema of the same object
        assert "$ref" in schema or "oneOf" in schema
        return
    assert schema.get("type") == theirs["type"], (component, name)
    if "format" in theirs:
        assert schema.get("format") == theirs["format"], (component, name)
    if "enum" in theirs:
        assert set(schema["enum"]) <= set(theirs["enum"]), (component, name)
    if theirs["type"] == "array":
        assert "$ref" in schema["items"] or "oneOf" in schema["items"]


@pytest.mark.parametrize("component", sorted(SAME_OBJECT))
def test_what_the_profile_requires_is_always_sent(component):
    required = set(official(SAME_OBJECT[component]).get("required", []))
    if SAME_OBJECT[component] == "service.json":
        required |= LIST_ITEM_REQUIRED
    assert required <= set(ours()[component]["required"]), component


def test_nothing_is_nullable():
    text = json.dumps(build_openapi())
    assert '"null"' not in text and "nullable" not in text


def test_every_path_and_parameter_is_the_profiles():
    theirs = oruk_validator.official_openapi()["paths"]
    document = build_openapi()
    components = document["components"]["parameters"]
    for path, item in document["paths"].items():
        assert path in theirs, path
        listed = [components[p["$ref"].rsplit("/", 1)[1]] for p in item["get"].get("parameters", [])]
        our_names = {p["name"] for p in listed}
        official = theirs[path]["get"].get("parameters", [])
        official_components = oruk_validator.official_openapi()["components"]["parameters"]
        official_names = {
            (official_components[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p)["name"] for p in official
        }
        # Every one of the profile's, except those answered "not supported yet" (tests/test_oruk_parameters.py).
        assert our_names == official_names - set(api_params.NOT_SUPPORTED_YET), path


def test_the_profiles_paths_are_all_served():
    theirs = set(oruk_validator.official_openapi()["paths"])
    assert theirs == set(build_openapi()["paths"]) - {"/openapi.json"}
