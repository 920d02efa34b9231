"""Check an API against the official Open Referral UK 3.0 schemas, walking it as the official ORUK validator does.

The schemas are the specification's own files (tests/standards/oruk-3.0/, see its LICENCE.md). The ORUK
validator reads `/`, then each collection endpoint page by page, keeps the ids it finds, and reads each `{id}`;
every response must be a 200 whose body validates against the `200` schema of the matching path in the
profile's openapi.json. Here that is python-jsonschema, Draft 2020-12, with a `referencing` registry holding the
schema files under their published URLs, so nothing is fetched from the network.

`walk(get)` takes `get(path, query) -> (status, body)` (tests pass one over Django's test client) and returns one
`Result` per response read.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

STANDARD_DIR = Path(__file__).parent / "standards" / "oruk-3.0"
SCHEMA_BASE = "https://openreferraluk.org/specifications/3.0/schema/"
# The specification's openapi.json refers to the schemas by SCHEMA_BASE URLs; it is registered under this URL.
OPENAPI_URL = "https://openreferraluk.org/specifications/3.0/openapi.json"

# (collection path, its {id} path). The order is the validator's: services first.
COLLECTIONS = [
    ("/services", "/services/{id}"),
    ("/service_at_locations", "/service_at_locations/{id}"),
    ("/taxonomies", "/taxonomies/{id}"),
    ("/taxonomy_terms", "/taxonomy_terms/{id}"),
    ("/organizations", "/organizations/{id}"),
]
# Every page is read at the feed's default page size and at a small one, so paging itself is walked too.
PAGE_SIZES = (None, 2)
MAX_PAGES = 500  # a guard against a feed whose total_pages never ends


def load_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def official_openapi():
    return load_json(STANDARD_DIR / "openapi.json")


def build_registry():
    resources = [(OPENAPI_URL, DRAFT202012.create_resource(official_openapi()))]
    for path in sorted((STANDARD_DIR / "schema").glob("*.json")):
        resources.append((SCHEMA_BASE + path.name, DRAFT202012.create_resource(load_json(path))))
    return Registry().with_resources(resources)


REGISTRY = build_registry()


def pointer_part(text):
    return text.replace("~", "~0").replace("/", "~1")


def response_schema_ref(path_template):
    """The JSON reference to the 200 response schema of `path_template` in the official openapi.json."""
    return f"{OPENAPI_URL}#/paths/{pointer_part(path_template)}/get/responses/200/content/application~1json/schema"


def validator_for(path_template):
    return Draft202012Validator(
        {"$ref": response_schema_ref(path_template)},
        registry=REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def schema_errors(path_template, body):
    """Every schema error of `body` as the response of `path_template`, as 'where: what' strings."""
    errors = validator_for(path_template).iter_errors(body)
    return [f"{error.json_path}: {error.message}" for error in errors]


@dataclass
class Result:
    url: str
    path_template: str
    status: int
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def check(get, path_template, path, query=None):
    status, body = get(path, query or {})
    if status != 200:
        return Result(path, path_template, status, [f"HTTP {status}, not 200"]), None
    return Result(path, path_template, status, schema_errors(path_template, body)), body


def query_text(query):
    return "?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else ""


def walk_collection(get, path, per_page):
    """Each page of one collection: (results, ids of the items found)."""
    results, ids, page, total_pages = [], [], 1, 1
    while page <= min(total_pages, MAX_PAGES):
        query = {"page": page} if per_page is None else {"page": page, "per_page": per_page}
        result, body = check(get, path, path, query)
        result.url = path + query_text(query)
        results.append(result)
        if not isinstance(body, dict):
            break
        ids += [item["id"] for item in body.get("contents", []) if isinstance(item, dict) and "id" in item]
        total_pages = body.get("total_pages") if isinstance(body.get("total_pages"), int) else 1
        page += 1
    return results, ids


def walk(get):
    """Read `/`, every page of every collection (at each of PAGE_SIZES) and every id found."""
    results = [check(get, "/", "/")[0]]
    for collection, by_id in COLLECTIONS:
        ids = []
        for per_page in PAGE_SIZES:
            page_results, page_ids = walk_collection(get, collection, per_page)
            results += page_results
            ids += [id_ for id_ in page_ids if id_ not in ids]
        for id_ in ids:
            results.append(check(get, by_id, by_id.replace("{id}", id_))[0])
    return results


def summary(results):
    failing = [result for result in results if not result.ok]
    return {
        "responses": len(results),
        "failing": len(failing),
        "errors": sum(len(result.errors) for result in results),
    }
