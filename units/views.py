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
