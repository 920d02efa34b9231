"""The directory as open data: /send-units/export.csv and /send-units/export.json (README "Open data").

Both take the directory's filters from the query string and say when the data was taken (``data_as_of``, and
the ``X-Data-As-Of`` header). One unknown value is one thing in each format: an empty cell in the CSV, ``null``
in the JSON (every unit object has every key). The CSV goes through the shared safe writer
(localoffer/csvsafe.py), so no cell can run as a spreadsheet formula. The JSON also carries ``headline`` and
``figures``: the capacity numbers the directory's headline shows, for the whole directory whatever the filters.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from django_filters.views import FilterView

from localoffer.csvsafe import SafeWriter, csv_response
from localoffer.pagecache import remember

from .models import Figure
from .summary import directory_summary
from .views import FilteredUnitsMixin

# The columns of the CSV and the keys of each JSON unit, in this order. New ones go at the end.
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
    "contact_name",
    "description",
]


def export_row(unit, request):
    """One unit: text as text (None when not known, never ""), places as a whole number, coordinates as
    numbers, dates as ISO text ("2022-09" for the opening month)."""
    row = {
        "name": unit.name,
        "school_name": unit.school_name,
        "slug": unit.slug,
        "urn": unit.urn,
        "address": unit.address,
        "town": unit.town,
        "postcode": unit.postcode,
        "district": unit.district.name,
        "latitude": float(unit.latitude) if unit.latitude is not None else None,
        "longitude": float(unit.longitude) if unit.longitude is not None else None,
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
        "contact_name": unit.contact_name,
        "description": unit.description,
    }
    return {key: None if value == "" else value for key, value in row.items()}


def headline():
    """The directory headline's numbers, counted from the unit records. ``open_places`` is null unless every
    open unit's number of places is known (the headline then shows the published figure instead)."""
    summary = remember("units:summary", directory_summary)
    return {"open_units": summary.open_units, "open_places": summary.open_places, "due_units": summary.due_units}


def published_figures():
    """Every kind of published figure, keyed "open_places", "due_to_open", "new_places", "under_consideration";
    null for a kind staff have not recorded. ``as_of`` is the date the figure was published or last confirmed."""
    recorded = {figure.kind: figure for figure in Figure.objects.all()}
    figures = {}
    for kind in Figure.Kind:
        figure = recorded.get(kind)
        figures[kind.value.replace("-", "_")] = (
            None
            if figure is None
            else {
                "label": kind.label,
                "value": figure.value,
                "period": figure.period or None,
                "as_of": figure.as_of.isoformat() if figure.as_of else None,
                "source": figure.source or None,
            }
        )
    return figures


class ExportView(FilteredUnitsMixin, FilterView):
    """The filtered list as open data, with the time the data was taken."""

    def render_to_response(self, context, **kwargs):
        if self.filterset.is_bound and not self.filterset.is_valid():
            # The page shows a bad filter and ignores it; data must not quietly be the unfiltered list.
            problems = {name: [str(error) for error in errors] for name, errors in self.filterset.errors.items()}
            return self.render_error(problems)
        rows = [export_row(unit, self.request) for unit in self.object_list]
        data_as_of = timezone.now().replace(microsecond=0).isoformat()
        response = self.render_rows(rows, data_as_of)
        response["X-Data-As-Of"] = data_as_of
        return response


def problems_text(problems):
    return "; ".join(f"{name}: {' '.join(errors)}" for name, errors in problems.items())


class CsvExportView(ExportView):
    def render_error(self, problems):
        message = f"Bad filter, nothing exported. {problems_text(problems)}\n"
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")

    def render_rows(self, rows, data_as_of):
        response = csv_response("send-units.csv")
        writer = SafeWriter(response, EXPORT_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        return response


class JsonExportView(ExportView):
    def render_error(self, problems):
        body = {"error": f"Bad filter, nothing exported. {problems_text(problems)}", "fields": problems}
        return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})

    def render_rows(self, rows, data_as_of):
        body = {
            "data_as_of": data_as_of,
            "count": len(rows),
            "units": rows,
            "headline": headline(),
            "figures": published_figures(),
        }
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
