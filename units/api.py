"""A read-only Open Referral UK API (HSDS 3.0, UK profile) over the SEND unit directory.

Mapping (units/openapi.py documents every field):

* each public SEND unit is one HSDS `service`, provided by one organization, Lancashire County Council;
* the unit's host school is the `location` (one per unit) where the service is delivered, linked to it by
  one `service_at_location`, with one physical `address` built from the unit's address, town and postcode;
* the SEND Code of Practice broad areas of need are the top-level `taxonomy_terms` of one `taxonomy`, and
  each `Need` is a child term under its broad area; a service carries its need as an HSDS 3 `attribute`.

HSDS 3 identifiers are UUIDs. They are derived with uuid5 from ID_NAMESPACE and the model and primary key, so
they are stable without a database column; never change ID_NAMESPACE or the keys in `hsds_id` calls.
Fields the unit records do not hold are null, or empty lists: nothing is invented.
"""

import functools
import math
import re
import uuid
from datetime import UTC

from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import csrf_exempt

from .models import BroadArea, Need, SendUnit, Status
from .openapi import build_openapi

ID_NAMESPACE = uuid.UUID("98354cbb-f22d-44ab-a766-0a1ef70ab11a")

HSDS_VERSION = "3.0"
ORUK_PROFILE_URL = "https://openreferraluk.org/developers/data-standard"

ORGANIZATION = {
    "name": "Lancashire County Council",
    "description": (
        "Lancashire County Council is the local authority for Lancashire. The services in this feed are "
        "SEND units: specialist bases for children with special educational needs and disabilities, set "
        "up inside mainstream schools in Lancashire."
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

# HSDS service status: active, inactive, defunct or temporarily closed.
SERVICE_STATUS = {
    Status.OPEN: "active",
    Status.PLANNED: "inactive",
    Status.OPENING: "inactive",
    Status.CLOSED: "defunct",
}

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100  # a larger per_page is clamped to this, not refused
MAX_PAGE = 999_999_999  # a larger page is refused with a 400
MAX_SEARCH_LENGTH = 200  # a longer search is refused with a 400

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def hsds_id(kind, key):
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{key}"))


ORGANIZATION_ID = hsds_id("organization", "lancashire-county-council")
TAXONOMY_ID = hsds_id("taxonomy", "send-code-of-practice-broad-areas")


class ApiError(Exception):
    status = 400
    title = "Bad Request"

    def __init__(self, detail):
        super().__init__(detail)
        self.detail = detail


class NotFound(ApiError):
    status = 404
    title = "Not Found"


def error_response(status, title, detail):
    return JsonResponse({"status": status, "error": title, "detail": detail}, status=status)


def oruk_endpoint(view):
    """GET and HEAD only, errors as JSON, and `Access-Control-Allow-Origin: *` on every response."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, "Method Not Allowed", "This API is read-only: use GET or HEAD.")
            response["Allow"] = "GET, HEAD"
        else:
            try:
                response = view(request, *args, **kwargs)
            except ApiError as exc:
                response = error_response(exc.status, exc.title, exc.detail)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def json_response(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# Query parameters -------------------------------------------------------------------------------------------


def page_params(request):
    """(page, per_page) from the query: page 1 to MAX_PAGE, per_page from 1 (clamped to MAX_PER_PAGE)."""
    page = request.GET.get("page")
    if page is None:
        page = 1
    elif re.fullmatch(r"[0-9]{1,9}", page) and int(page) >= 1:
        page = int(page)
    else:
        raise ApiError(f"page must be a whole number from 1 to {MAX_PAGE}.")
    per_page = request.GET.get("per_page")
    if per_page is None:
        per_page = DEFAULT_PER_PAGE
    elif re.fullmatch(r"[0-9]+", per_page) and per_page.strip("0"):
        per_page = MAX_PER_PAGE if len(per_page.lstrip("0")) > 3 else min(int(per_page), MAX_PER_PAGE)
    else:
        raise ApiError(f"per_page must be a whole number of 1 or more (at most {MAX_PER_PAGE} are returned).")
    return page, per_page


def uuid_param(request, name):
    value = request.GET.get(name)
    if value is not None and not UUID_RE.fullmatch(value):
        raise ApiError(f"{name} must be a UUID, like {TAXONOMY_ID}.")
    return value.lower() if value is not None else None


def search_text(request):
    value = request.GET.get("search", "")
    if len(value) > MAX_SEARCH_LENGTH:
        raise ApiError(f"search must be at most {MAX_SEARCH_LENGTH} characters.")
    return value


def page_of(items_or_queryset, total, page, per_page):
    offset = (page - 1) * per_page
    contents = list(items_or_queryset[offset : offset + per_page]) if offset < total else []
    return contents


def page_body(contents, total, page, per_page):
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# HSDS objects -----------------------------------------------------------------------------------------------


def organization():
    return {
        "id": ORGANIZATION_ID,
        "name": ORGANIZATION["name"],
        "description": ORGANIZATION["description"],
        "email": None,
        "website": ORGANIZATION["website"],
        "logo": None,
        "uri": None,
        "parent_organization_id": None,
        "organization_identifiers": [],
        "attributes": [],
    }


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
        "description": None,
        "parent_id": None,
        "taxonomy": TAXONOMY["name"],
        "taxonomy_id": TAXONOMY_ID,
        "term_uri": None,
    }


def need_term(need):
    return {
        "id": hsds_id("need", need.pk),
        "code": need.slug,
        "name": need.name,
        "term": need.name,
        "description": need.description.strip() or None,
        "parent_id": broad_area_id(need.broad_area),
        "taxonomy": TAXONOMY["name"],
        "taxonomy_id": TAXONOMY_ID,
        "term_uri": None,
    }


def all_terms():
    """The broad areas (Code of Practice order), then the needs by name: one query."""
    return [broad_area_term(area) for area in BroadArea] + [need_term(need) for need in Need.objects.order_by("name")]


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


def iso_datetime(value):
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def service_summary(unit, request):
    """The service's one-to-one fields, as in the HSDS list endpoints."""
    return {
        "id": hsds_id("service", unit.pk),
        "organization_id": ORGANIZATION_ID,
        "name": unit.name,
        "description": service_description(unit),
        "url": unit.website or unit_page_url(unit, request),
        "email": unit.contact_email or None,
        "status": SERVICE_STATUS[unit.status],
        "accreditations": None,
        "minimum_age": None,
        "maximum_age": None,
        "assured_date": unit.last_checked.isoformat() if unit.last_checked else None,
        "assurer_email": None,
        "alert": service_alert(unit),
        "last_modified": iso_datetime(unit.updated_at),
    }


def address(unit):
    location_id = hsds_id("location", unit.pk)
    return {
        "id": hsds_id("address", unit.pk),
        "location_id": location_id,
        "attention": None,
        # HSDS requires these two strings; an empty string means the directory does not hold it.
        "address_1": ", ".join(line.strip() for line in unit.address.splitlines() if line.strip()),
        "city": unit.town,
        "region": unit.district.name,
        "state_province": "Lancashire",
        "postal_code": unit.postcode,
        "country": "GB",
        "address_type": "physical",
    }


def location(unit):
    return {
        "id": hsds_id("location", unit.pk),
        "location_type": "physical",
        "name": unit.school_name,
        "description": None,
        "latitude": float(unit.latitude) if unit.latitude is not None else None,
        "longitude": float(unit.longitude) if unit.longitude is not None else None,
        "external_identifier": unit.urn or None,
        "external_identifier_type": "URN" if unit.urn else None,
        "addresses": [address(unit)],
        "accessibility": [],
        "attributes": [],
    }


def service_at_location(unit, request):
    return {
        "id": hsds_id("service_at_location", unit.pk),
        "service_id": hsds_id("service", unit.pk),
        "location_id": hsds_id("location", unit.pk),
        "service": {**service_summary(unit, request), "organization": organization()},
        "location": location(unit),
    }


def contacts(unit):
    if not (unit.contact_name or unit.contact_email or unit.contact_phone):
        return []
    contact_id = hsds_id("contact", unit.pk)
    phones = []
    if unit.contact_phone:
        phones.append(
            {
                "id": hsds_id("phone", unit.pk),
                "contact_id": contact_id,
                "number": unit.contact_phone,
                "description": None,
            }
        )
    return [
        {
            "id": contact_id,
            "service_id": hsds_id("service", unit.pk),
            "name": unit.contact_name or None,
            "title": None,
            "email": unit.contact_email or None,
            "phones": phones,
        }
    ]


def service_full(unit, request):
    service_id = hsds_id("service", unit.pk)
    term = need_term(unit.need)
    return {
        **service_summary(unit, request),
        "organization": organization(),
        "service_at_locations": [
            {
                "id": hsds_id("service_at_location", unit.pk),
                "service_id": service_id,
                "location_id": hsds_id("location", unit.pk),
                "location": location(unit),
            }
        ],
        "attributes": [
            {
                "id": hsds_id("attribute", f"service:{unit.pk}:need:{unit.need_id}"),
                "link_id": service_id,
                "link_type": None,
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
                "taxonomy_term": term,
            }
        ],
        "contacts": contacts(unit),
        "schedules": [],
        "service_areas": [],
        "languages": [],
        "funding": [],
        "cost_options": [],
    }


# Querysets --------------------------------------------------------------------------------------------------


def public_units():
    return SendUnit.objects.public().for_listing().order_by("name", "pk")


def filtered_units(request):
    """Public units filtered by search, taxonomy_term_id and taxonomy_id (the last two take UUIDs)."""
    text = search_text(request)
    term_id = uuid_param(request, "taxonomy_term_id")
    taxonomy_id = uuid_param(request, "taxonomy_id")
    units = public_units().search(text)
    if taxonomy_id is not None and taxonomy_id != TAXONOMY_ID:
        return units.none()
    if term_id is not None:
        areas = [area.value for area in BroadArea if broad_area_id(area.value) == term_id]
        if areas:  # a broad area: every need filed under it
            units = units.filter(need__broad_area=areas[0])
        else:
            need_pks = [pk for pk in Need.objects.values_list("pk", flat=True) if hsds_id("need", pk) == term_id]
            units = units.filter(need__in=need_pks) if need_pks else units.none()
    return units


def unit_by_id(kind, value):
    """The public unit whose `kind` id (service, service_at_location) is `value`; 404 otherwise."""
    if UUID_RE.fullmatch(value):
        wanted = value.lower()
        for pk in SendUnit.objects.public().values_list("pk", flat=True):
            if hsds_id(kind, pk) == wanted:
                return public_units().get(pk=pk)
    raise NotFound(f"No {kind} has the id {value!r}.")


def paged_units(request, serialize):
    page, per_page = page_params(request)
    units = filtered_units(request)
    total = units.count()
    contents = [serialize(unit, request) for unit in page_of(units, total, page, per_page)]
    return json_response(page_body(contents, total, page, per_page))


def paged_list(request, items):
    page, per_page = page_params(request)
    contents = page_of(items, len(items), page, per_page)
    return json_response(page_body(contents, len(items), page, per_page))


# Views ------------------------------------------------------------------------------------------------------


@oruk_endpoint
def api_info(request):
    return json_response(
        {
            "version": HSDS_VERSION,
            "profile": ORUK_PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
        }
    )


@oruk_endpoint
def openapi(request):
    return json_response(build_openapi())


@oruk_endpoint
def services(request):
    return paged_units(request, service_summary)


@oruk_endpoint
def service(request, id):
    return json_response(service_full(unit_by_id("service", id), request))


@oruk_endpoint
def service_at_locations(request):
    return paged_units(request, service_at_location)


@oruk_endpoint
def service_at_location_detail(request, id):
    return json_response(service_at_location(unit_by_id("service_at_location", id), request))


@oruk_endpoint
def taxonomies(request):
    return paged_list(request, [taxonomy()])


@oruk_endpoint
def taxonomy_detail(request, id):
    if id.lower() != TAXONOMY_ID:
        raise NotFound(f"No taxonomy has the id {id!r}.")
    return json_response(taxonomy())


@oruk_endpoint
def taxonomy_terms(request):
    page_params(request)  # refuse bad paging before the query
    return paged_list(request, all_terms())


@oruk_endpoint
def taxonomy_term_detail(request, id):
    wanted = id.lower()
    for area in BroadArea:
        if broad_area_id(area.value) == wanted:
            return json_response(broad_area_term(area))
    if UUID_RE.fullmatch(id):
        for need in Need.objects.all():
            if hsds_id("need", need.pk) == wanted:
                return json_response(need_term(need))
    raise NotFound(f"No taxonomy term has the id {id!r}.")


@oruk_endpoint
def not_found(request, path=""):
    raise NotFound("No such endpoint. GET /api/oruk/openapi.json lists them.")
