"""The Open Referral UK API, mounted at /api/oruk/ (localoffer/urls.py). Paths have no trailing slash, as in
the ORUK/HSDS API reference; anything else under the prefix is a JSON 404, never the CMS's HTML one."""

from django.urls import path, re_path

from . import api

app_name = "oruk"

urlpatterns = [
    path("", api.api_info, name="api-info"),
    path("openapi.json", api.openapi, name="openapi"),
    path("services", api.services, name="services"),
    re_path(r"^services/(?P<id>[^/]*)$", api.service, name="service"),
    path("service_at_locations", api.service_at_locations, name="service-at-locations"),
    re_path(r"^service_at_locations/(?P<id>[^/]*)$", api.service_at_location_detail, name="service-at-location"),
    path("taxonomies", api.taxonomies, name="taxonomies"),
    re_path(r"^taxonomies/(?P<id>[^/]*)$", api.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", api.taxonomy_terms, name="taxonomy-terms"),
    re_path(r"^taxonomy_terms/(?P<id>[^/]*)$", api.taxonomy_term_detail, name="taxonomy-term"),
    path("organizations", api.organization_list, name="organizations"),
    re_path(r"^organizations/(?P<id>[^/]*)$", api.organization_detail, name="organization"),
    re_path(r"^(?P<path>.*)$", api.not_found),
]
