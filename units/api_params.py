"""Query parameters of the Open Referral UK API (units/api.py): parsing, and 400s that say what was wrong.

Every endpoint takes exactly the parameters the ORUK 3.0 OpenAPI document lists for it. A name it does not
list is refused, never silently ignored: a consumer that asks for something this API cannot do is told so.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PAGE = 999_999_999
MAX_SEARCH_LENGTH = 200
FORMATS = ("json",)

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# A `+` in an unencoded query string arrives as a space: "…T10:00:00 01:00" meant "…T10:00:00+01:00".
SPACE_FOR_PLUS_RE = re.compile(r"(T[0-9:.]+) ([0-9]{2}(:?[0-9]{2})?)$")

# Parameters of the ORUK 3.0 profile that need another piece of work here: refused with this reason.
NOT_SUPPORTED_YET = {
    "postcode": "searching near a postcode is not supported yet",
    "proximity": "searching near a postcode is not supported yet",
}

# Accepted parameters per endpoint: exactly those of the ORUK 3.0 OpenAPI document (tests check it).
LIST_SERVICES = (
    "search",
    "page",
    "per_page",
    "format",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "minimal",
    "full",
)
LIST_SERVICE_AT_LOCATIONS = (
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "full",
    "page",
    "per_page",
    "format",
    "postcode",
    "proximity",
)
LIST_TAXONOMIES = ("search", "page", "per_page", "format")
LIST_TAXONOMY_TERMS = ("search", "page", "per_page", "format", "taxonomy_id", "top_only", "parent_id")
LIST_ORGANIZATIONS = ("search", "full_service", "full", "page", "per_page", "format")
ORGANIZATION_DETAIL = ("full_service",)


class ApiError(Exception):
    status = 400
    title = "Bad Request"

    def __init__(self, detail, parameter=None):
        super().__init__(detail)
        self.detail = detail
        self.parameter = parameter


class NotFound(ApiError):
    status = 404
    title = "Not Found"


@dataclass
class Paging:
    page: int
    per_page: int


def allow_only(request, names):
    """400 for any parameter `names` does not hold, and for the profile's parameters not supported yet."""
    unknown = sorted(name for name in request.GET if name not in names)
    if unknown:
        allowed = ", ".join(names) if names else "none"
        raise ApiError(f"Unknown query parameter {unknown[0]!r}. This endpoint takes: {allowed}.", unknown[0])
    for name in sorted(request.GET):
        if name in NOT_SUPPORTED_YET:
            raise ApiError(f"{name}: {NOT_SUPPORTED_YET[name]}.", name)
    for name in request.GET:
        if len(request.GET.getlist(name)) > 1:
            raise ApiError(f"{name} is given more than once; give it once.", name)


def whole_number(request, name, default, maximum):
    value = request.GET.get(name)
    if value is None:
        return default
    if re.fullmatch(r"[0-9]{1,10}", value) and 1 <= int(value) <= maximum:
        return int(value)
    raise ApiError(f"{name} must be a whole number from 1 to {maximum}; got {value[:40]!r}.", name)


def paging(request):
    page = whole_number(request, "page", 1, MAX_PAGE)
    return Paging(page, whole_number(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE))


def uuid_param(request, name):
    value = request.GET.get(name)
    if value is None:
        return None
    if not UUID_RE.fullmatch(value):
        raise ApiError(f"{name} must be a UUID, like 0b8f5d2e-6c1a-4f3b-9d7e-2a4c6e8f0b1d; got {value[:40]!r}.", name)
    return value.lower()


def boolean(request, name):
    value = request.GET.get(name)
    if value is None:
        return False
    if value in ("true", "false"):
        return value == "true"
    raise ApiError(f"{name} must be true or false; got {value[:40]!r}.", name)


def search_text(request):
    value = request.GET.get("search", "")
    if len(value) > MAX_SEARCH_LENGTH:
        raise ApiError(f"search must be at most {MAX_SEARCH_LENGTH} characters.", "search")
    return value.replace("\x00", "")


def response_format(request):
    value = request.GET.get("format", "json")
    if value not in FORMATS:
        raise ApiError(f"format {value[:40]!r} is not supported: this API returns json only.", "format")
    return value


def modified_after(request):
    """An aware datetime from an ISO 8601 date or date-time; no offset means UTC."""
    value = request.GET.get("modified_after")
    if value is None:
        return None
    text = SPACE_FOR_PLUS_RE.sub(r"\1+\2", value.strip().upper())  # RFC 3339 allows a lower-case t and z
    try:
        moment = parse_datetime(text)
        day = parse_date(text) if moment is None else None
    except ValueError:  # well-formed but impossible, like 2025-02-30
        moment = day = None
    if day is not None:
        moment = datetime.datetime.combine(day, datetime.time())
    if moment is None:
        raise ApiError(
            "modified_after must be an ISO 8601 date or date-time, like 2025-01-31 or 2025-01-31T09:30:00Z; "
            f"got {value[:40]!r}.",
            "modified_after",
        )
    moment = moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # like 0001-01-01T00:00:00+01:00, before the first representable moment
        raise ApiError(f"modified_after is out of range; got {value[:40]!r}.", "modified_after") from None
