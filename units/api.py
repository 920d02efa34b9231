"""A read-only Open Referral UK API (HSDS 3.0, UK profile 3.0) over the SEND unit directory.

Mapping (units/openapi.py documents every field; README "Open Referral UK feed" for operators):

* each public SEND unit is one HSDS `service`;
* organizations: Lancashire County Council, the local authority, and each host school the directory knows by
  its URN. The seed page says the school's "headteacher and governing body … have overall responsibility for
  the day-to-day management of the SEND unit", so a unit whose host school has a URN is a service of that
  school; a unit without one is a service of the council, which places children in units and publishes this
  directory. A school is only an organization when it has a URN: the URN identifies it (two units at one school
  share it) where a typed name could not;
* the unit's host school is the `location` (one per unit), linked by one `service_at_location`, with a
  physical `address` when the street address and postcode are both recorded;
* the SEND Code of Practice broad areas of need are the top-level `taxonomy_terms` of one `taxonomy`, and
  each `Need` is a child term under its broad area; a service carries its need as an HSDS 3 `attribute`.

HSDS 3 identifiers are UUIDs. They are derived with uuid5 from ID_NAMESPACE and the model and key, so they are
stable without a database column; never change ID_NAMESPACE or the keys in `hsds_id` calls. A value the
directory does not hold is left out of the response, never sent as null or "" (the ORUK profile types
optional fields as strings and numbers, and its guidance is to omit what is unknown). Nothing is invented.
"""

import functools
import math
import re
import uuid
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db.models import Count, Q
from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import csrf_exempt

from search import synonyms

from . import api_params as params
from .api_params import ApiError, NotFound
from .models import MAX_SEARCH_WORDS, BroadArea, Need, SendUnit, Status
from .openapi import build_openapi

ID_NAMESPACE = uuid.UUID("98354cbb-f22d-44ab-a766-0a1ef70ab11a")

# The version names the ORUK validator's test profile for this standard; the profile URL is the one the ORUK
# 3.0 specification gives for this field (schema/api_details.json).
HSDS_VERSION = "HSDS-UK-3.0"
ORUK_PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"

PARTNERSHIP_NAME = "Lancashire SEND Partnership"

LOCAL_AUTHORITY = {
    "name": "Lancashire County Council",
    "description": (
        "Lancashire County Council is the local authority for Lancashire. The services in this feed are "
        "SEND units: specialist bases for children with special educational needs and disabilities, set "
        "up inside mainstream schools in Lancashire. The council decides places at SEND units through a "
        "multi-agency panel."
    ),
    "website": "https://www.lancashire.gov.uk",
}

TAXONOMY = {
    "name": "SEND Code of Practice broad areas of need",
    "description": (
        "The four broad areas of need in the SEND Code of Practice: 0 to 25 years (2015), section 6.28, as "
        "top-level terms. Under each, the needs this directory's SEND units specialise in."
    ),
    "uri": "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25",
    "version": "2015",
}

# An organization's services are nested in full (full_service) only up to this many.
MAX_NESTED_SERVICES = params.MAX_PER_PAGE

# HSDS service status: active, inactive, defunct or temporarily closed.
SERVICE_STATUS = {
    Status.OPEN: "active",
    Status.PLANNED: "inactive",
    Status.OPENING: "inactive",
    Status.CLOSED: "defunct",
}


def hsds_id(kind, key):
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{key}"))


ORGANIZATION_ID = hsds_id("organization", "lancashire-county-council")
TAXONOMY_ID = hsds_id("taxonomy", "send-code-of-practice-broad-areas")


def error_response(status, title, detail, parameter=None):
    body = {"status": status, "error": title, "detail": detail}
    if parameter:
        body["parameter"] = parameter
    return JsonResponse(body, status=status)


def oruk_endpoint(allowed=()):
    """GET and HEAD only; only the `allowed` query parameters (None: any); errors as JSON; CORS open."""

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                response = error_response(405, "Method Not Allowed", "This API is read-only: use GET or HEAD.")
                response["Allow"] = "GET, HEAD"
            else:
                try:
                    if allowed is not None:
                        params.allow_only(request, allowed)
                        params.response_format(request)
                    response = view(request, *args, **kwargs)
                except ApiError as exc:
                    response = error_response(exc.status, exc.title, exc.detail, exc.parameter)
            response["Access-Control-Allow-Origin"] = "*"
            return response

        return wrapper

    return decorate


def json_response(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def known(data):
    """`data` without the values the directory does not hold (None)."""
    return {key: value for key, value in data.items() if value is not None}


def iso_datetime(value):
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# Paging -----------------------------------------------------------------------------------------------------


def page_body(contents, total, paging):
    total_pages = math.ceil(total / paging.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def page_slice(items, total, paging):
    offset = (paging.page - 1) * paging.per_page
    return list(items[offset : offset + paging.per_page]) if offset < total else []


# Organizations ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class School:
    """A host school known by its URN, as an organization."""

    urn: str
    name: str
    town: str

    @property
    def id(self):
        return school_organization_id(self.urn)


def school_organization_id(urn):
    return hsds_id("organization", f"school-urn:{urn}")


def local_authority():
    return {
        "id": ORGANIZATION_ID,
        **LOCAL_AUTHORITY,
        "email": settings.SITE_CONTACT_EMAIL,
    }


def school_organization(school):
    return {
        "id": school.id,
        "name": school.name,
        "description": (
            f"{school.name}, {school.town}, hosts a SEND unit listed in this directory. The school's headteacher "
            "and governing body have overall responsibility for the day-to-day management of the SEND unit."
        ),
        "organization_identifiers": [
            {
                "id": hsds_id("organization_identifier", f"school-urn:{school.urn}"),
                "organization_id": school.id,
                "identifier_type": "URN (Get Information about Schools)",
                "identifier": school.urn,
            }
        ],
    }


def school_of(unit):
    return School(unit.urn, unit.school_name, unit.town) if unit.urn else None


def provider_id_of(urn):
    return school_organization_id(urn) if urn else ORGANIZATION_ID


def provider_id(unit):
    return provider_id_of(unit.urn)


def provider(unit):
    school = school_of(unit)
    return school_organization(school) if school else local_authority()


def schools():
    """Every host school of a public unit that has a URN, by name: one query. Two units at one school share it
    (the first name and town by name)."""
    rows = SendUnit.objects.public().exclude(urn="").order_by("urn", "school_name", "town")
    found = {}
    for urn, name, town in rows.values_list("urn", "school_name", "town"):
        found.setdefault(urn, School(urn, name, town))
    return sorted(found.values(), key=lambda school: (school.name.lower(), school.urn))


def organizations():
    """The council first, then the schools by name."""
    return [(None, local_authority())] + [(school, school_organization(school)) for school in schools()]


def matches(text, search):
    """Whether `text` has every term of `search` as the units' search finds them (search/synonyms.py): its words
    as substrings, or one of its synonyms as whole words. For the short in-memory lists (terms, organizations)."""
    text = text.lower()
    for term in synonyms.expand(search, MAX_SEARCH_WORDS):
        typed = all(word in text for word in term.typed.split())
        if not typed and not (term.alternatives and re.search(synonyms.whole_words_pattern(term.alternatives), text)):
            return False
    return True


def organizations_units(schools_on_page, with_council):
    """The public units these organizations run (the council runs those whose school has no URN)."""
    condition = Q(urn__in=[school.urn for school in schools_on_page if school])
    if with_council:
        condition |= Q(urn="")
    return public_units().filter(condition)


def services_by_organization(units, request, full_service):
    """{organization id: its services}. Without full_service, each service's id, name, status and last change,
    from those columns alone (the council may run thousands of units); fully nested only when no organization
    runs more than MAX_NESTED_SERVICES, so a request never builds thousands of full services. Two queries at most.
    """
    grouped = {}
    if not full_service:
        for pk, urn, name, status, modified_at in units.values_list("pk", "urn", "name", "status", "modified_at"):
            grouped.setdefault(provider_id_of(urn), []).append(minimal_service(pk, name, status, modified_at))
        return grouped
    counts = units.order_by().values_list("urn").annotate(count=Count("pk"))
    largest = max((count for _, count in counts), default=0)
    if largest > MAX_NESTED_SERVICES:
        raise ApiError(
            f"full_service: an organization here runs {largest} services, more than the {MAX_NESTED_SERVICES} "
            "this API nests in full. Page through /services?organization_id=<its id>&full=true instead.",
            "full_service",
        )
    for unit in units:
        service = service_full(unit, request)
        del service["organization"]  # the organization is the enclosing object
        grouped.setdefault(provider_id(unit), []).append(service)
    return grouped


# Taxonomy ---------------------------------------------------------------------------------------------------


def taxonomy():
    return {"id": TAXONOMY_ID, **TAXONOMY}


def broad_area_id(value):
    return hsds_id("broad_area", value)


def broad_area_term(area):
    return {
        "id": broad_area_id(area.value),
        "code": area.value,
        "name": area.label,
        "term": area.label,
        "description": f"{area.label}: one of the four broad areas of need in the SEND Code of Practice: 0 to 25 "
        "years (2015), section 6.28.",
        "taxonomy": TAXONOMY["name"],
        "taxonomy_id": TAXONOMY_ID,
    }


@functools.lru_cache(maxsize=256)
def need_label(name):
    """The need's name with what it includes (search/synonyms.py), as the directory's Need filter shows it."""
    return synonyms.described(name)


def need_term(need):
    area = BroadArea(need.broad_area).label
    return {
        "id": hsds_id("need", need.pk),
        "code": need.slug,
        "name": need.name,
        "term": need.name,
        "description": need.description.strip()
        or f"{need_label(need.name)}: a need SEND units in this directory specialise in, under the broad area {area}.",
        "parent_id": broad_area_id(need.broad_area),
        "taxonomy": TAXONOMY["name"],
        "taxonomy_id": TAXONOMY_ID,
    }


def all_terms():
    """The broad areas (Code of Practice order), then the needs by name: one query."""
    return [broad_area_term(area) for area in BroadArea] + [need_term(need) for need in Need.objects.order_by("name")]


# Services ---------------------------------------------------------------------------------------------------


def unit_page_url(unit, request):
    try:
        return request.build_absolute_uri(unit.get_absolute_url())
    except NoReverseMatch:  # the directory page (the CMS apphook) is not published
        return None


def month_year(date):
    return date.strftime("%B %Y")


def service_alert(unit):
    if unit.status not in (Status.PLANNED, Status.OPENING):
        return None
    if unit.opening_date:
        when = f"Expected to open in {month_year(unit.opening_date)}."
    elif unit.expected_opening:
        when = f"Expected to open: {unit.expected_opening}."
    else:
        when = "No opening date has been set."
    return f"{unit.get_status_display()}: this SEND unit is not open yet. {when}"


def service_description(unit):
    facts = [
        f"A {unit.get_phase_display().lower()} SEND unit at {unit.school_name}, {unit.town}.",
        f"Need: {unit.need.name} ({unit.need.get_broad_area_display()}).",
    ]
    if unit.age_range:
        facts.append(f"Age range: {unit.age_range}.")
    if unit.places is not None:
        facts.append(f"Places: {unit.places}.")
    if unit.status == Status.OPEN and unit.opening_date:
        facts.append(f"Opened in {month_year(unit.opening_date)}.")
    parts = [unit.description.strip(), " ".join(facts)]
    return "\n\n".join(part for part in parts if part)


def service_fields(unit, request):
    """The service's one-to-one fields. Its email is the unit's contact, else the Partnership's."""
    return known(
        {
            "id": hsds_id("service", unit.pk),
            "organization_id": provider_id(unit),
            "name": unit.name,
            "description": service_description(unit),
            "url": unit.website or unit_page_url(unit, request),
            "email": unit.contact_email or settings.SITE_CONTACT_EMAIL,
            "status": SERVICE_STATUS[unit.status],
            "assured_date": unit.last_checked.isoformat() if unit.last_checked else None,
            "alert": service_alert(unit),
            "last_modified": iso_datetime(unit.modified_at),
        }
    )


def service_summary(unit, request):
    """A service in the list endpoints: its one-to-one fields and its organization."""
    return {**service_fields(unit, request), "organization": provider(unit)}


def minimal_service(pk, name, status, modified_at):
    """`minimal=true`: the id and last change, with the name and status every listed service has (ORUK 3.0)."""
    return {
        "id": hsds_id("service", pk),
        "name": name,
        "status": SERVICE_STATUS[status],
        "last_modified": iso_datetime(modified_at),
    }


def service_minimal(unit, request):
    return minimal_service(unit.pk, unit.name, unit.status, unit.modified_at)


def address(unit):
    """The physical address, when both the street address and the postcode (both required by ORUK) are known."""
    street = ", ".join(line.strip() for line in unit.address.splitlines() if line.strip())
    if not (street and unit.postcode):
        return None
    return {
        "id": hsds_id("address", unit.pk),
        "location_id": hsds_id("location", unit.pk),
        "address_1": street,
        "city": unit.town,
        "region": unit.district.name,
        "state_province": "Lancashire",
        "postal_code": unit.postcode,
        "country": "GB",
        "address_type": "physical",
    }


def location(unit):
    street = address(unit)
    return known(
        {
            "id": hsds_id("location", unit.pk),
            "location_type": "physical",
            "name": unit.school_name,
            "description": f"The host school of {unit.name}, in {unit.town} ({unit.district.name} district).",
            "latitude": float(unit.latitude) if unit.latitude is not None else None,
            "longitude": float(unit.longitude) if unit.longitude is not None else None,
            "external_identifier": unit.urn or None,
            "external_identifier_type": "URN" if unit.urn else None,
            "addresses": [street] if street else None,
        }
    )


def contacts(unit):
    """The unit's own contact when it has one; otherwise the Partnership's published contact."""
    service_id = hsds_id("service", unit.pk)
    if not (unit.contact_name or unit.contact_email or unit.contact_phone):
        return [
            {
                "id": hsds_id("contact", f"partnership:{unit.pk}"),
                "service_id": service_id,
                "name": PARTNERSHIP_NAME,
                "email": settings.SITE_CONTACT_EMAIL,
            }
        ]
    contact_id = hsds_id("contact", unit.pk)
    phones = None
    if unit.contact_phone:
        phones = [{"id": hsds_id("phone", unit.pk), "contact_id": contact_id, "number": unit.contact_phone}]
    contact = {
        "id": contact_id,
        "service_id": service_id,
        "name": unit.contact_name or None,
        "email": unit.contact_email or None,
        "phones": phones,
    }
    return [known(contact)]


def service_at_location_link(unit):
    return {
        "id": hsds_id("service_at_location", unit.pk),
        "service_id": hsds_id("service", unit.pk),
        "location_id": hsds_id("location", unit.pk),
        "location": location(unit),
    }


def service_full(unit, request):
    service_id = hsds_id("service", unit.pk)
    term = need_term(unit.need)
    return {
        **service_summary(unit, request),
        "service_at_locations": [service_at_location_link(unit)],
        "attributes": [
            {
                "id": hsds_id("attribute", f"service:{unit.pk}:need:{unit.need_id}"),
                "link_id": service_id,
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
                "taxonomy_term": term,
            }
        ],
        "contacts": contacts(unit),
    }


def service_at_location(unit, request, full=False):
    serialize = service_full if full else service_summary
    return {**service_at_location_link(unit), "service": serialize(unit, request)}


# Querysets --------------------------------------------------------------------------------------------------


def public_units():
    return SendUnit.objects.public().for_listing().order_by("name", "pk")


def by_taxonomy_term(units, term_id):
    areas = [area.value for area in BroadArea if broad_area_id(area.value) == term_id]
    if areas:  # a broad area: every need filed under it
        return units.filter(need__broad_area=areas[0])
    need_pks = [pk for pk in Need.objects.values_list("pk", flat=True) if hsds_id("need", pk) == term_id]
    return units.filter(need__in=need_pks) if need_pks else units.none()


def by_organization(units, organization_id):
    if organization_id == ORGANIZATION_ID:
        return units.filter(urn="")
    urns = [school.urn for school in schools() if school.id == organization_id]
    return units.filter(urn=urns[0]) if urns else units.none()


def filtered_units(request):
    """Public units filtered by the list parameters of /services and /service_at_locations."""
    text = params.search_text(request)
    term_id = params.uuid_param(request, "taxonomy_term_id")
    taxonomy_id = params.uuid_param(request, "taxonomy_id")
    organization_id = params.uuid_param(request, "organization_id")
    since = params.modified_after(request)
    units = public_units().search(text)
    if taxonomy_id is not None and taxonomy_id != TAXONOMY_ID:
        return units.none()
    if term_id is not None:
        units = by_taxonomy_term(units, term_id)
    if organization_id is not None:
        units = by_organization(units, organization_id)
    if since is not None:
        units = units.filter(modified_at__gte=since)
    return units


def unit_by_id(kind, value):
    """The public unit whose `kind` id (service, service_at_location) is `value`; 404 otherwise."""
    if params.UUID_RE.fullmatch(value):
        wanted = value.lower()
        for pk in SendUnit.objects.public().values_list("pk", flat=True):
            if hsds_id(kind, pk) == wanted:
                return public_units().get(pk=pk)
    raise NotFound(f"No {kind} has the id {value[:80]!r}.")


def paged_units(request, serialize):
    paging = params.paging(request)
    units = filtered_units(request)
    total = units.count()
    contents = [serialize(unit, request) for unit in page_slice(units, total, paging)]
    return json_response(page_body(contents, total, paging))


def paged_list(request, items):
    paging = params.paging(request)
    return json_response(page_body(page_slice(items, len(items), paging), len(items), paging))


# Views ------------------------------------------------------------------------------------------------------


@oruk_endpoint()
def api_info(request):
    return json_response(
        {
            "version": HSDS_VERSION,
            "profile": ORUK_PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
        }
    )


@oruk_endpoint()
def openapi(request):
    return json_response(build_openapi())


@oruk_endpoint(params.LIST_SERVICES)
def services(request):
    minimal, full = params.boolean(request, "minimal"), params.boolean(request, "full")
    serialize = service_minimal if minimal else service_full if full else service_summary  # minimal wins
    return paged_units(request, serialize)


@oruk_endpoint()
def service(request, id):
    return json_response(service_full(unit_by_id("service", id), request))


@oruk_endpoint(params.LIST_SERVICE_AT_LOCATIONS)
def service_at_locations(request):
    full = params.boolean(request, "full")
    return paged_units(request, functools.partial(service_at_location, full=full))


@oruk_endpoint()
def service_at_location_detail(request, id):
    return json_response(service_at_location(unit_by_id("service_at_location", id), request, full=True))


@oruk_endpoint(params.LIST_TAXONOMIES)
def taxonomies(request):
    search = params.search_text(request)
    items = [item for item in [taxonomy()] if matches(f"{item['name']} {item['description']}", search)]
    return paged_list(request, items)


@oruk_endpoint()
def taxonomy_detail(request, id):
    if id.lower() != TAXONOMY_ID:
        raise NotFound(f"No taxonomy has the id {id[:80]!r}.")
    return json_response(taxonomy())


def filtered_terms(request):
    search = params.search_text(request)
    taxonomy_id = params.uuid_param(request, "taxonomy_id")
    parent_id = params.uuid_param(request, "parent_id")
    top_only = params.boolean(request, "top_only")
    params.paging(request)  # refuse bad paging before the query
    if taxonomy_id is not None and taxonomy_id != TAXONOMY_ID:
        return []
    terms = all_terms()
    if top_only:
        terms = [term for term in terms if "parent_id" not in term]
    if parent_id is not None:
        terms = [term for term in terms if term.get("parent_id") == parent_id]
    return [term for term in terms if matches(f"{term['name']} {term['code']} {term['description']}", search)]


@oruk_endpoint(params.LIST_TAXONOMY_TERMS)
def taxonomy_terms(request):
    return paged_list(request, filtered_terms(request))


@oruk_endpoint()
def taxonomy_term_detail(request, id):
    wanted = id.lower()
    for area in BroadArea:
        if broad_area_id(area.value) == wanted:
            return json_response(broad_area_term(area))
    if params.UUID_RE.fullmatch(id):
        for need in Need.objects.all():
            if hsds_id("need", need.pk) == wanted:
                return json_response(need_term(need))
    raise NotFound(f"No taxonomy term has the id {id[:80]!r}.")


@oruk_endpoint(params.LIST_ORGANIZATIONS)
def organization_list(request):
    search = params.search_text(request)
    full_service, full = params.boolean(request, "full_service"), params.boolean(request, "full")
    nested = full_service or full
    paging = params.paging(request)
    found = [(school, org) for school, org in organizations() if matches(f"{org['name']} {org['description']}", search)]
    on_page = page_slice(found, len(found), paging)
    contents = [org for _, org in on_page]
    if nested and on_page:
        units = organizations_units([school for school, _ in on_page], any(s is None for s, _ in on_page))
        grouped = services_by_organization(units, request, full_service)
        contents = [{**org, "services": grouped.get(org["id"], [])} for org in contents]
    return json_response(page_body(contents, len(found), paging))


@oruk_endpoint(params.ORGANIZATION_DETAIL)
def organization_detail(request, id):
    full_service = params.boolean(request, "full_service")
    wanted = id.lower()
    for school, org in organizations():
        if org["id"] == wanted:
            grouped = services_by_organization(organizations_units([school], school is None), request, full_service)
            return json_response({**org, "services": grouped.get(wanted, [])})
    raise NotFound(f"No organization has the id {id[:80]!r}.")


@oruk_endpoint(allowed=None)
def not_found(request, path=""):
    raise NotFound("No such endpoint. GET /api/oruk/openapi.json lists them.")
