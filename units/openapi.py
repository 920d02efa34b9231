"""The OpenAPI 3.1 document of the Open Referral UK API (units/api.py), served at /api/oruk/openapi.json.

It stays inside the ORUK 3.0 profile: the same types and formats for every property the profile defines, every
property the profile requires always present, and no `null` anywhere (a value the directory does not hold is
left out, so it is simply not `required` here). Each object schema forbids properties it does not list, so the
tests (schemathesis, and plain JSON Schema validation of real responses) catch any drift between this
document and the responses; tests/test_oruk_openapi.py checks it against the profile's own schemas.
"""

import copy

from . import api_params as params
from .api_params import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, MAX_SEARCH_LENGTH

UUID = {"type": "string", "format": "uuid"}


def string(description=None, **extra):
    schema = {"type": "string", **extra}
    if description:
        schema["description"] = description
    return schema


def obj(description, properties, optional=()):
    """An object with these properties, all required except `optional` (left out when not known)."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def array_of(name, description, **extra):
    return {"type": "array", "items": ref(name), "description": description, **extra}


def one_of(*names):
    return {"oneOf": [ref(name) for name in names]}


ERROR = obj(
    "An error: a bad query (400), an unknown id or path (404) or a method other than GET or HEAD (405).",
    {
        "status": {"type": "integer", "enum": [400, 404, 405], "description": "The HTTP status code."},
        "error": string("The HTTP reason phrase."),
        "detail": string("What was wrong, in plain English."),
        "parameter": string("The query parameter that was wrong, when one was."),
    },
    optional=("parameter",),
)

API_INFO = obj(
    "Information about this API and its relationship with HSDS.",
    {
        "version": string(
            "The ORUK profile this API follows (the ORUK validator's name for it).", enum=["HSDS-UK-3.0"]
        ),
        "profile": string("The URL of the Open Referral UK profile of HSDS 3.0.", format="uri"),
        "openapi_url": string("The URL of this OpenAPI document.", format="uri"),
    },
)

ORGANIZATION_IDENTIFIER = obj(
    "A host school's URN, from the Department for Education's Get Information about Schools.",
    {
        "id": UUID,
        "organization_id": UUID,
        "identifier_type": string(enum=["URN (Get Information about Schools)"]),
        "identifier": string("The school's 6-digit URN.", pattern="^[0-9]{6}$"),
    },
)

ORGANIZATION_FIELDS = {
    "id": UUID,
    "name": string(),
    "description": string(),
    "email": string("The council's: the Lancashire SEND Partnership's published address.", format="email"),
    "website": string("The council's website.", format="uri"),
    "organization_identifiers": array_of("OrganizationIdentifier", "A school's URN.", minItems=1, maxItems=1),
}
# The council has an email address and website and no identifier here; a school has its URN only.
ORGANIZATION_OPTIONAL = ("email", "website", "organization_identifiers")

ORGANIZATION = obj(
    "Lancashire County Council (the local authority), or a host school known by its URN that runs a SEND unit.",
    ORGANIZATION_FIELDS,
    optional=ORGANIZATION_OPTIONAL,
)

ORGANIZATION_WITH_SERVICES = obj(
    "An organization with the services it runs: their id, name, status and last change, or fully nested with "
    "full_service=true.",
    {**ORGANIZATION_FIELDS, "services": {"type": "array", "items": one_of("ServiceMinimal", "ServiceInOrganization")}},
    optional=ORGANIZATION_OPTIONAL,
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
        "code": string("A slug: the broad area's code, or the need's slug (HSDS 3.0 field)."),
        "name": string("The term (HSDS 3.0 field)."),
        "term": string("The term again, as the Open Referral UK profile names the field."),
        "description": string("The need's description, else what the term is."),
        "parent_id": {**UUID, "description": "The broad area of a need; absent for a broad area."},
        "taxonomy": string("The taxonomy's name."),
        "taxonomy_id": UUID,
    },
    optional=("parent_id",),
)

ATTRIBUTE = obj(
    "Links a service to the taxonomy term of the need its SEND unit specialises in.",
    {
        "id": UUID,
        "link_id": {**UUID, "description": "The service's id."},
        "link_entity": string("HSDS 3.0 field: what link_id is.", enum=["service"]),
        "taxonomy_term_id": UUID,
        "taxonomy_term": ref("TaxonomyTerm"),
    },
)

PHONE = obj(
    "The unit's contact phone number.",
    {"id": UUID, "contact_id": UUID, "number": string()},
)

CONTACT = obj(
    "The unit's contact (any of name, email and phone it has), else the Lancashire SEND Partnership with its "
    "published email address. email and phones are HSDS 3.0 contact fields the UK profile does not list.",
    {
        "id": UUID,
        "service_id": UUID,
        "name": string(),
        "email": string(format="email"),
        "phones": array_of("Phone", "The unit's contact phone number.", minItems=1, maxItems=1),
    },
    optional=("name", "email", "phones"),
)

ADDRESS = obj(
    "The host school's physical address: present when both the street address and the postcode are recorded.",
    {
        "id": UUID,
        "location_id": UUID,
        "address_1": string("The street address, lines joined by commas."),
        "city": string("The town."),
        "region": string("The Lancashire district."),
        "state_province": string(enum=["Lancashire"]),
        "postal_code": string("The postcode."),
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
        "description": string("Which unit's host school it is, and its town and district."),
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        "external_identifier": string("The school's URN (Get Information about Schools)."),
        "external_identifier_type": string(enum=["URN"]),
        "addresses": array_of("Address", "The school's address.", minItems=1, maxItems=1),
    },
    optional=("latitude", "longitude", "external_identifier", "external_identifier_type", "addresses"),
)

SERVICE_FIELDS = {
    "id": UUID,
    "organization_id": {**UUID, "description": "The host school when it has a URN, else the council."},
    "name": string("The SEND unit's name."),
    "description": string("The unit's description, then the facts the directory holds about it."),
    "url": string(
        "The unit's website, else its page in this directory (absent only while that page is unpublished).",
        format="uri",
    ),
    "email": string("The unit's contact email, else the Lancashire SEND Partnership's.", format="email"),
    "status": string(
        "open is active; planned and opening soon are inactive (see alert); closed units are not listed.",
        enum=["active", "inactive", "defunct", "temporarily closed"],
    ),
    "assured_date": string("When staff last checked the details with the school.", format="date"),
    "alert": string("For a unit that is not open yet: when it is expected to open."),
    "last_modified": string(
        "When anything shown of this service last changed (the unit, its district or its need).", format="date-time"
    ),
}
SERVICE_OPTIONAL = ("url", "assured_date", "alert")

NESTED = {
    "service_at_locations": array_of("ServiceAtLocationLink", "The host school.", minItems=1, maxItems=1),
    "attributes": array_of("Attribute", "The unit's need.", minItems=1, maxItems=1),
    "contacts": array_of("Contact", "Who to contact.", minItems=1, maxItems=1),
}

SERVICE_AT_LOCATION_LINK = obj(
    "The link between a service and its location.",
    {"id": UUID, "service_id": UUID, "location_id": UUID, "location": ref("Location")},
)


def page(item_schema, description):
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
            "contents": {"type": "array", "items": item_schema},
        },
    )


def query(name, description, schema):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


BOOLEAN = {"type": "boolean", "default": False}

PARAMETERS = {
    "page": query(
        "page",
        "The page number, from 1 (the default). A page after the last one is empty.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    ),
    "per_page": query(
        "per_page",
        f"Items per page: {DEFAULT_PER_PAGE} by default, at most {MAX_PER_PAGE}. Anything else is a 400.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
    ),
    "format": query(
        "format", "The response format: json, the only one (ndjson is not supported).", string(enum=["json"])
    ),
    "search": query(
        "search",
        "Words to find (all of them, in any order, case-insensitive). Services: in the unit's name, host school, "
        "town, postcode, district, need, age range or description, with site search's synonyms (autism also "
        "finds units for social communication and interaction, for example). Taxonomies, taxonomy terms and "
        "organizations: in their name and description. Only the first 10 words count; NUL characters are "
        f"ignored; more than {MAX_SEARCH_LENGTH} characters is a 400.",
        string(maxLength=MAX_SEARCH_LENGTH),
    ),
    "taxonomy_term_id": query(
        "taxonomy_term_id",
        "Only services with this need, or with any need under this broad area of need. An unknown UUID matches "
        "nothing; a value that is not a UUID is a 400.",
        UUID,
    ),
    "taxonomy_id": query(
        "taxonomy_id",
        "Only items from this taxonomy (there is one). An unknown UUID matches nothing; not a UUID is a 400.",
        UUID,
    ),
    "organization_id": query(
        "organization_id",
        "Only services this organization runs (the council's are the units whose host school has no URN). An "
        "unknown UUID matches nothing; not a UUID is a 400.",
        UUID,
    ),
    "modified_after": query(
        "modified_after",
        "Only services changed at or after this moment: an ISO 8601 date-time (no offset means UTC) or a date "
        "(its midnight, UTC). A change of a unit's district or need counts as a change of the unit. Anything "
        "else is a 400.",
        {"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]},
    ),
    "minimal": query(
        "minimal",
        "true: each service as its id, name, status and last_modified only. Takes precedence over full.",
        BOOLEAN,
    ),
    "full": query("full", "true: fully nested items, as the {id} endpoint returns them.", BOOLEAN),
    "full_service": query(
        "full_service", "true: the organization's services fully nested (implies full on the list).", BOOLEAN
    ),
    "top_only": query("top_only", "true: only top-level terms (the broad areas of need).", BOOLEAN),
    "parent_id": query(
        "parent_id",
        "Only the terms whose parent has this id (the needs under a broad area). Not a UUID is a 400.",
        UUID,
    ),
}


def documented(names):
    """The parameters an endpoint takes, less those of the profile answered with a 400 (not supported yet)."""
    return tuple(name for name in names if name not in params.NOT_SUPPORTED_YET)


def param(name):
    return {"$ref": f"#/components/parameters/{name}"}


def json_content(schema):
    return {"content": {"application/json": {"schema": schema}}}


def error(description):
    return {"description": description, **json_content(ref("Error"))}


def operation(operation_id, summary, schema, parameters=(), not_found=False, description=None):
    responses = {"200": {"description": summary, **json_content(schema)}}
    responses["400"] = error("A query parameter is not valid, or is not one this endpoint takes.")
    if not_found:
        responses["404"] = error("No item has this id (or the id is not a UUID).")
    responses["405"] = {
        **error("A method other than GET or HEAD."),
        "headers": {"Allow": {"schema": {"type": "string", "enum": ["GET, HEAD"]}}},
    }
    get = {"operationId": operation_id, "summary": summary, "responses": responses}
    if description:
        get["description"] = description
    if parameters:
        get["parameters"] = [param(name) for name in parameters]
    return {"get": get}


def by_id(operation_id, summary, schema, what, parameters=()):
    path_item = operation(operation_id, summary, schema, parameters, not_found=True)
    path_item["parameters"] = [
        {"name": "id", "in": "path", "required": True, "description": f"The {what}'s id.", "schema": UUID}
    ]
    return path_item


def build_openapi():
    """A fresh copy of the document (callers may change it)."""
    return copy.deepcopy(_document())


def _schemas():
    return {
        "Error": ERROR,
        "ApiInfo": API_INFO,
        "OrganizationIdentifier": ORGANIZATION_IDENTIFIER,
        "Organization": ORGANIZATION,
        "OrganizationWithServices": ORGANIZATION_WITH_SERVICES,
        "Taxonomy": TAXONOMY,
        "TaxonomyTerm": TAXONOMY_TERM,
        "Attribute": ATTRIBUTE,
        "Phone": PHONE,
        "Contact": CONTACT,
        "Address": ADDRESS,
        "Location": LOCATION,
        "ServiceMinimal": obj(
            "minimal=true: a service's id, name, status and last change.",
            {name: SERVICE_FIELDS[name] for name in ("id", "name", "status", "last_modified")},
        ),
        "ServiceSummary": obj(
            "A service's one-to-one fields and its organization (the list endpoints).",
            {**SERVICE_FIELDS, "organization": ref("Organization")},
            SERVICE_OPTIONAL,
        ),
        "Service": obj(
            "A fully nested service: one SEND unit.",
            {**SERVICE_FIELDS, "organization": ref("Organization"), **NESTED},
            SERVICE_OPTIONAL,
        ),
        "ServiceInOrganization": obj(
            "A fully nested service inside its organization (which is not repeated).",
            {**SERVICE_FIELDS, **NESTED},
            SERVICE_OPTIONAL,
        ),
        "ServiceAtLocationLink": SERVICE_AT_LOCATION_LINK,
        "ServiceAtLocation": obj(
            "A service at its location: the service (fully nested with full=true and at {id}) and the location.",
            {
                "id": UUID,
                "service_id": UUID,
                "location_id": UUID,
                "location": ref("Location"),
                "service": one_of("ServiceSummary", "Service"),
            },
        ),
        "ServicePage": page(one_of("ServiceSummary", "Service", "ServiceMinimal"), "A page of services."),
        "ServiceAtLocationPage": page(ref("ServiceAtLocation"), "A page of services at locations."),
        "TaxonomyPage": page(ref("Taxonomy"), "A page of taxonomies."),
        "TaxonomyTermPage": page(ref("TaxonomyTerm"), "A page of taxonomy terms."),
        "OrganizationPage": page(one_of("Organization", "OrganizationWithServices"), "A page of organizations."),
    }


def _document():
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Lancashire SEND units: Open Referral UK API",
            "version": "2.0.0",
            "description": (
                "The public SEND units (specialist bases in mainstream schools) of this directory as Open "
                "Referral UK 3.0 (HSDS 3.0, UK profile) services, read-only. Each unit is a service of its host "
                "school when the directory has the school's URN, else of Lancashire County Council; it is "
                "delivered at its host school. Ids are stable UUIDs. Values the directory does not hold are left "
                "out, never null. Every endpoint refuses a query parameter it does not take with a 400 (postcode "
                "and proximity are not supported yet). No authentication; every response carries "
                "Access-Control-Allow-Origin: *."
            ),
        },
        "servers": [{"url": "/api/oruk"}],
        "paths": {
            "/": operation("getApiInfo", "Information about this API and its relationship with HSDS.", ref("ApiInfo")),
            "/services": operation(
                "getServices", "A page of services.", ref("ServicePage"), documented(params.LIST_SERVICES)
            ),
            "/services/{id}": by_id("getServiceById", "A fully nested service.", ref("Service"), "service"),
            "/service_at_locations": operation(
                "getServiceAtLocations",
                "A page of services at their locations.",
                ref("ServiceAtLocationPage"),
                documented(params.LIST_SERVICE_AT_LOCATIONS),
                description="postcode and proximity (ORUK 3.0) are not supported yet: they are a 400.",
            ),
            "/service_at_locations/{id}": by_id(
                "getServiceAtLocationById",
                "A service at its location, the service fully nested.",
                ref("ServiceAtLocation"),
                "service at location",
            ),
            "/taxonomies": operation(
                "getTaxonomies",
                "A page of taxonomies (there is one).",
                ref("TaxonomyPage"),
                documented(params.LIST_TAXONOMIES),
            ),
            "/taxonomies/{id}": by_id("getTaxonomyById", "A taxonomy.", ref("Taxonomy"), "taxonomy"),
            "/taxonomy_terms": operation(
                "getTaxonomyTerms",
                "A page of taxonomy terms: the broad areas of need, then the needs by name.",
                ref("TaxonomyTermPage"),
                documented(params.LIST_TAXONOMY_TERMS),
            ),
            "/taxonomy_terms/{id}": by_id(
                "getTaxonomyTermById", "A taxonomy term.", ref("TaxonomyTerm"), "taxonomy term"
            ),
            "/organizations": operation(
                "getOrganizations",
                "A page of organizations: the council, then the host schools known by URN, by name.",
                ref("OrganizationPage"),
                documented(params.LIST_ORGANIZATIONS),
            ),
            "/organizations/{id}": by_id(
                "getOrganizationById",
                "An organization with the services it runs.",
                ref("OrganizationWithServices"),
                "organization",
                params.ORGANIZATION_DETAIL,
            ),
        },
        "components": {"parameters": PARAMETERS, "schemas": _schemas()},
    }
