import csv

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView

from localoffer.pagecache import remember
from localoffer.pagination import ClampedPaginationMixin

from .filters import SendUnitFilter
from .models import SendUnit
from .summary import directory_summary

PAGE_SIZE = 20


class FilteredUnitsMixin:
    filterset_class = SendUnitFilter
    strict = False

    def get_queryset(self):
        return SendUnit.objects.public().for_listing()


class UnitListView(ClampedPaginationMixin, FilteredUnitsMixin, FilterView):
    template_name = "units/unit_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "units"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_query = self.request.GET.copy()
        page_query.pop("page", None)
        context.update(
            summary=remember("units:summary", directory_summary),
            active_filters=self.filterset.active_filters(),
            page_query=page_query.urlencode(),
            result_count=context["paginator"].count,
        )
        return context


class UnitDetailView(DetailView):
    template_name = "units/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return SendUnit.objects.public().for_listing()

    def get_object(self, queryset=None):
        unit = super().get_object(queryset)
        toolbar = getattr(self.request, "toolbar", None)
        if toolbar is not None:
            toolbar.set_object(unit)
        return unit


EXPORT_FIELDS = [
    "name",
    "school_name",
    "slug",
    "urn",
    "address",
    "town",
    "postcode",
    "district",
    "latitude",
    "longitude",
    "phase",
    "age_range",
    "need",
    "broad_area",
    "places",
    "status",
    "opening_date",
    "expected_opening",
    "contact_email",
    "contact_phone",
    "website",
    "last_checked",
    "url",
]


def export_row(unit, request):
    return {
        "name": unit.name,
        "school_name": unit.school_name,
        "slug": unit.slug,
        "urn": unit.urn,
        "address": unit.address,
        "town": unit.town,
        "postcode": unit.postcode,
        "district": unit.district.name,
        "latitude": str(unit.latitude) if unit.latitude is not None else None,
        "longitude": str(unit.longitude) if unit.longitude is not None else None,
        "phase": unit.phase,
        "age_range": unit.age_range,
        "need": unit.need.name,
        "broad_area": unit.need.get_broad_area_display(),
        "places": unit.places,
        "status": unit.status,
        "opening_date": unit.opening_date.strftime("%Y-%m") if unit.opening_date else None,
        "expected_opening": unit.expected_opening,
        "contact_email": unit.contact_email,
        "contact_phone": unit.contact_phone,
        "website": unit.website,
        "last_checked": unit.last_checked.isoformat() if unit.last_checked else None,
        "url": request.build_absolute_uri(unit.get_absolute_url()),
    }


class ExportView(FilteredUnitsMixin, FilterView):
    """The filtered list as open data, with the time the data was taken."""

    def render_to_response(self, context, **kwargs):
        rows = [export_row(unit, self.request) for unit in self.object_list]
        data_as_of = timezone.now().replace(microsecond=0).isoformat()
        return self.render_rows(rows, data_as_of)


class CsvExportView(ExportView):
    def render_rows(self, rows, data_as_of):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="send-units.csv"'
        response["X-Data-As-Of"] = data_as_of
        writer = csv.DictWriter(response, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        return response


class JsonExportView(ExportView):
    def render_rows(self, rows, data_as_of):
        body = {"data_as_of": data_as_of, "count": len(rows), "units": rows}
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
        response["X-Data-As-Of"] = data_as_of
        return response
