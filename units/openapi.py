"""The OpenAPI 3.1 document of the Open Referral UK API (units/api.py), served at /api/oruk/openapi.json.

Every object schema lists all its properties as `required` and forbids others, so the tests (schemathesis and
plain JSON Schema validation) catch any drift between this document and the responses. `null` means the
directory does not record the value; arrays that are always empty say so with `maxItems: 0`.
"""

import copy

UUID = {"type": "string", "format": "uuid"}
NULL = {"type": "null"}


def nullable(schema):
    return {**schema, "type": [schema["type"], "null"]}


def string(description=None, **extra):
    schema = {"type": "string", **extra}
    if description:
        schema["description"] = description
    return schema


def obj(description, properties):
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def empty_list(description):
    return {"type": "array", "maxItems": 0, "items": {}, "description": f"Always empty: {description}"}


def array_of(name, description):
    return {"type": "array", "items": ref(name), "description": description}


ERROR = obj(
    "An error: a bad query (400), an unknown id or path (404) or a method other than GET or HEAD (405).",
    {
        "status": {"type": "integer", "enum": [400, 404, 405], "description": "The HTTP status code."},
        "error": string("The HTTP reason phrase."),
        "detail": string("What was wrong, in plain English."),
    },
)

API_INFO = obj(
    "Information about this API and its relationship with HSDS.",
    {
        "version": string("The HSDS version of this API.", enum=["3.0"]),
        "profile": string("The URL of the HSDS profile (Open Referral UK) this API follows.", format="uri"),
        "openapi_url": string("The URL of this OpenAPI document.", format="uri"),
    },
)

ORGANIZATION = obj(
    "The one organization behind every service: Lancashire County Council.",
    {
        "id": UUID,
        "name": string(),
        "description": string(),
        "email": NULL,
        "website": string(format="uri"),
        "logo": NULL,
        "uri": NULL,
        "parent_organization_id": NULL,
        "organization_identifiers": empty_list("not recorded."),
        "attributes": empty_list("not recorded."),
    },
)

TAXONOMY = obj(
    "The SEND Code of Practice broad areas of need, with this directory's needs as child terms.",
    {
        "id": UUID,
        "name": string(),
        "description": string(),
        "uri": string(format="uri"),
        "version": string(),
    },
)

TAXONOMY_TERM = obj(
    "A broad area of need (top-level term, no parent) or a need (child of its broad area).",
    {
        "id": UUID,
        "code": string("A slug: the broad area's code, or the need's slug."),
        "name": string("The term (HSDS 3.0 field)."),
        "term": string("The term again, as the Open Referral UK profile names the field."),
        "description": nullable(string("The need's description, when the directory has one.")),
        "parent_id": nullable({**UUID, "description": "The broad area of a need; null for a broad area."}),
        "taxonomy": string("The taxonomy's name."),
        "taxonomy_id": UUID,
        "term_uri": NULL,
    },
)

ATTRIBUTE = obj(
    "Links a service to the taxonomy term of the need its SEND unit specialises in.",
    {
        "id": UUID,
        "link_id": {**UUID, "description": "The service's id."},
        "link_type": NULL,
        "link_entity": string(enum=["service"]),
        "taxonomy_term_id": UUID,
        "taxonomy_term": ref("TaxonomyTerm"),
    },
)

PHONE = obj(
    "The unit's contact phone number.",
    {"id": UUID, "contact_id": UUID, "number": string(), "description": NULL},
)

CONTACT = obj(
    "The unit's contact, present when the directory holds a contact name, email or phone number.",
    {
        "id": UUID,
        "service_id": UUID,
        "name": nullable(string()),
        "title": NULL,
        "email": nullable(string(format="email")),
        "phones": {"type": "array", "items": ref("Phone"), "maxItems": 1},
    },
)

ADDRESS = obj(
    "The host school's physical address.",
    {
        "id": UUID,
        "location_id": UUID,
        "attention": NULL,
        "address_1": string("The street address, lines joined by commas; an empty string when not recorded."),
        "city": string("The town."),
        "region": string("The Lancashire district."),
        "state_province": string(enum=["Lancashire"]),
        "postal_code": string("The postcode; an empty string when not recorded."),
        "country": string(enum=["GB"]),
        "address_type": string(enum=["physical"]),
    },
)

LOCATION = obj(
    "The host school, where the SEND unit is.",
    {
        "id": UUID,
        "location_type": string(enum=["physical"]),
        "name": string("The host school's name."),
        "description": NULL,
        "latitude": nullable({"type": "number", "minimum": -90, "maximum": 90}),
        "longitude": nullable({"type": "number", "minimum": -180, "maximum": 180}),
        "external_identifier": nullable(string("The school's URN (Get Information about Schools).")),
        "external_identifier_type": nullable(string(enum=["URN", None])),
        "addresses": {"type": "array", "items": ref("Address"), "minItems": 1, "maxItems": 1},
        "accessibility": empty_list("not recorded."),
        "attributes": empty_list("not recorded."),
    },
)

SERVICE_FIELDS = {
    "id": UUID,
    "organization_id": UUID,
    "name": string("The SEND unit's name."),
    "description": string("The unit's description, then the facts the directory holds about it."),
    "url": nullable(
        string(
            "The unit's website, else its page in this directory (null only if that page is unpublished).",
            format="uri",
        )
    ),
    "email": nullable(string(format="email")),
    "status": string(
        "open is active; planned and opening soon are inactive (see alert); closed units are not listed.",
        enum=["active", "inactive", "defunct", "temporarily closed"],
    ),
    "accreditations": NULL,
    "minimum_age": NULL,
    "maximum_age": NULL,
    "assured_date": nullable(string("When staff last checked the details with the school.", format="date")),
    "assurer_email": NULL,
    "alert": nullable(string("For a unit that is not open yet: when it is expected to open.")),
    "last_modified": string(format="date-time"),
}

SERVICE_SUMMARY = obj("A service's one-to-one fields (the list endpoints).", SERVICE_FIELDS)

SERVICE_WITH_ORGANIZATION = obj(
    "A service's one-to-one fields and its organization.", {**SERVICE_FIELDS, "organization": ref("Organization")}
)

SERVICE_AT_LOCATION_LINK = obj(
    "The link between a service and its location.",
    {"id": UUID, "service_id": UUID, "location_id": UUID, "location": ref("Location")},
)

SERVICE = obj(
    "A fully nested service: one SEND unit.",
    {
        **SERVICE_FIELDS,
        "organization": ref("Organization"),
        "service_at_locations": {
            "type": "array",
            "items": ref("ServiceAtLocationLink"),
            "minItems": 1,
            "maxItems": 1,
        },
        "attributes": {"type": "array", "items": ref("Attribute"), "minItems": 1, "maxItems": 1},
        "contacts": {"type": "array", "items": ref("Contact"), "maxItems": 1},
        "schedules": empty_list("not recorded."),
        "service_areas": empty_list("not recorded."),
        "languages": empty_list("not recorded."),
        "funding": empty_list("not recorded."),
        "cost_options": empty_list("not recorded."),
    },
)

SERVICE_AT_LOCATION = obj(
    "A service at its location, with the service's one-to-one fields and organization, and the location.",
    {
        "id": UUID,
        "service_id": UUID,
        "location_id": UUID,
        "service": ref("ServiceWithOrganization"),
        "location": ref("Location"),
    },
)


def page(item, description):
    return obj(
        description,
        {
            "total_items": {"type": "integer", "minimum": 0, "description": "The number of matching items."},
            "total_pages": {"type": "integer", "minimum": 0, "description": "0 when nothing matches."},
            "page_number": {"type": "integer", "minimum": 1, "description": "The page number asked for."},
            "size": {"type": "integer", "minimum": 0, "description": "The number of items on this page."},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean", "description": "True on the last page and on any page after it."},
            "empty": {"type": "boolean", "description": "True when this page has no items."},
            "contents": {"type": "array", "items": ref(item)},
        },
    )


PARAMETERS = {
    "page": {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "The page number, from 1 (the default). Anything else is a 400. A page after the last "
        "one is empty.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 999_999_999, "default": 1},
    },
    "per_page": {
        "name": "per_page",
        "in": "query",
        "required": False,
        "description": "Items per page: 50 by default. A larger value than 100 is treated as 100; 0, a "
        "negative number or a non-number is a 400.",
        "schema": {"type": "integer", "minimum": 1, "default": 50},
    },
    "search": {
        "name": "search",
        "in": "query",
        "required": False,
        "description": "Words to find (all of them, in any order, case-insensitive) in the unit's name, host "
        "school, town, postcode, district, need, age range or description. Only the first 10 words count; "
        "NUL characters are ignored; more than 200 characters is a 400.",
        "schema": {"type": "string", "maxLength": 200},
    },
    "taxonomy_term_id": {
        "name": "taxonomy_term_id",
        "in": "query",
        "required": False,
        "description": "Only services with this need, or with any need under this broad area of need. An "
        "unknown UUID matches nothing; a value that is not a UUID is a 400.",
        "schema": UUID,
    },
    "taxonomy_id": {
        "name": "taxonomy_id",
        "in": "query",
        "required": False,
        "description": "Only services with a term from this taxonomy (every service has one from the single "
        "taxonomy). An unknown UUID matches nothing; a value that is not a UUID is a 400.",
        "schema": UUID,
    },
}


def param(name):
    return {"$ref": f"#/components/parameters/{name}"}


def json_content(schema):
    return {"content": {"application/json": {"schema": schema}}}


def error(description):
    return {"description": description, **json_content(ref("Error"))}


def operation(operation_id, summary, schema, parameters=(), not_found=False):
    responses = {"200": {"description": summary, **json_content(schema)}}
    if parameters:
        responses["400"] = error("A query parameter is not valid.")
    if not_found:
        responses["404"] = error("No item has this id (or the id is not a UUID).")
    responses["405"] = {
        **error("A method other than GET or HEAD."),
        "headers": {"Allow": {"schema": {"type": "string", "enum": ["GET, HEAD"]}}},
    }
    get = {"operationId": operation_id, "summary": summary, "responses": responses}
    if parameters:
        get["parameters"] = [param(name) for name in parameters]
    return {"get": get}


def by_id(operation_id, summary, schema, what):
    path_item = operation(operation_id, summary, schema, not_found=True)
    path_item["parameters"] = [
        {
            "name": "id",
            "in": "path",
            "required": True,
            "description": f"The {what}'s id.",
            "schema": UUID,
        }
    ]
    return path_item


LIST_FILTERS = ("search", "page", "per_page", "taxonomy_term_id", "taxonomy_id")


def build_openapi():
    """A fresh copy of the document (callers may change it)."""
    return copy.deepcopy(_document())


def _document():
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Lancashire SEND units: Open Referral UK API",
            "version": "1.0.0",
            "description": (
                "The public SEND units (specialist bases in mainstream schools) of this directory as Open "
                "Referral UK (HSDS 3.0, UK profile) services, read-only. Each unit is a service of Lancashire "
                "County Council, delivered at its host school. Ids are stable UUIDs. No authentication; every "
                "response carries Access-Control-Allow-Origin: *."
            ),
        },
        "servers": [{"url": "/api/oruk"}],
        "paths": {
            "/": operation("getApiInfo", "Information about this API and its relationship with HSDS.", ref("ApiInfo")),
            "/services": operation(
                "getServices", "A page of services (one-to-one fields).", ref("ServicePage"), LIST_FILTERS
            ),
            "/services/{id}": by_id("getServiceById", "A fully nested service.", ref("Service"), "service"),
            "/service_at_locations": operation(
                "getServiceAtLocations",
                "A page of services at their locations.",
                ref("ServiceAtLocationPage"),
                LIST_FILTERS,
            ),
            "/service_at_locations/{id}": by_id(
                "getServiceAtLocationById",
                "A service at its location.",
                ref("ServiceAtLocation"),
                "service at location",
            ),
            "/taxonomies": operation(
                "getTaxonomies", "A page of taxonomies (there is one).", ref("TaxonomyPage"), ("page", "per_page")
            ),
            "/taxonomies/{id}": by_id("getTaxonomyById", "A taxonomy.", ref("Taxonomy"), "taxonomy"),
            "/taxonomy_terms": operation(
                "getTaxonomyTerms",
                "A page of taxonomy terms: the broad areas of need, then the needs by name.",
                ref("TaxonomyTermPage"),
                ("page", "per_page"),
            ),
            "/taxonomy_terms/{id}": by_id(
                "getTaxonomyTermById", "A taxonomy term.", ref("TaxonomyTerm"), "taxonomy term"
            ),
        },
        "components": {
            "parameters": PARAMETERS,
            "schemas": {
                "Error": ERROR,
                "ApiInfo": API_INFO,
                "Organization": ORGANIZATION,
                "Taxonomy": TAXONOMY,
                "TaxonomyTerm": TAXONOMY_TERM,
                "Attribute": ATTRIBUTE,
                "Phone": PHONE,
                "Contact": CONTACT,
                "Address": ADDRESS,
                "Location": LOCATION,
                "ServiceSummary": SERVICE_SUMMARY,
                "ServiceWithOrganization": SERVICE_WITH_ORGANIZATION,
                "ServiceAtLocationLink": SERVICE_AT_LOCATION_LINK,
                "Service": SERVICE,
                "ServiceAtLocation": SERVICE_AT_LOCATION,
                "ServicePage": page("ServiceSummary", "A page of services."),
                "ServiceAtLocationPage": page("ServiceAtLocation", "A page of services at locations."),
                "TaxonomyPage": page("Taxonomy", "A page of taxonomies."),
                "TaxonomyTermPage": page("TaxonomyTerm", "A page of taxonomy terms."),
            },
        },
    }
