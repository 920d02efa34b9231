from cms.models import PageContent
from django.utils.translation import get_language
from django_filters.views import FilterView

from .filters import StrategyFilter
from .models import StrategyDetails

STATUS_HEADINGS = {
    StrategyDetails.Status.CURRENT: "Current strategies and plans",
    StrategyDetails.Status.IN_DEVELOPMENT: "In development or consultation",
    StrategyDetails.Status.SUPERSEDED: "Superseded: replaced by a newer strategy or plan",
}


def grouped_strategies(strategies):
    """[(status, heading, [strategies])] in the order current, in development, superseded; empty groups left out."""
    groups = {status: [] for status in STATUS_HEADINGS}
    for strategy in strategies:
        groups[strategy.status].append(strategy)
    return [(status, STATUS_HEADINGS[status], items) for status, items in groups.items() if items]


def add_replacement_titles(strategies, language):
    """The published titles of the pages that replaced superseded strategies, in one query."""
    page_ids = {strategy.superseded_by_id for strategy in strategies if strategy.superseded_by_id}
    titles = dict(PageContent.objects.filter(page_id__in=page_ids, language=language).values_list("page_id", "title"))
    for strategy in strategies:
        strategy.replacement_title = titles.get(strategy.superseded_by_id, "")


class StrategyListView(FilterView):
    """/strategies-and-plans/: every published strategy page, from the pages' own details (no code per page)."""

    template_name = "documents/strategy_list.html"
    filterset_class = StrategyFilter
    context_object_name = "strategies"
    strict = False

    def get_queryset(self):
        return (
            StrategyDetails.objects.published(get_language())
            .for_listing()
            .prefetch_related("extended_object__page__urls", "superseded_by__urls")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        strategies = list(context["strategies"])
        form = self.filterset.form
        form.is_valid()
        status = getattr(form, "cleaned_data", {}).get("status") or ""
        add_replacement_titles(strategies, get_language())
        context.update(
            groups=grouped_strategies(strategies),
            result_count=len(strategies),
            status_label=dict(StrategyDetails.Status.choices).get(status, ""),
        )
        return context
