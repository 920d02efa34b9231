from cms.models import PageContent
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django_filters.views import FilterView
from filer.models import File

from .filters import StrategyFilter
from .models import FileFacts, StrategyDetails, safe_filename

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


@require_safe
def download(request, pk, name):
    """A published document: streamed from the storage (local disk or S3) with the type detected from its
    content, never sniffed, as an attachment under a safe name. Private or refused files are a 404."""
    filer_file = get_object_or_404(File, pk=pk, is_public=True)
    facts = FileFacts.objects.filter(file=filer_file, sha1=filer_file.sha1 or "").first()
    if facts is None:
        raise Http404("No such document.")
    try:
        handle = filer_file.file.storage.open(filer_file.file.name, "rb")
    except (OSError, FileNotFoundError) as error:
        raise Http404("No such document.") from error
    filename = safe_filename(filer_file.original_filename or filer_file.file.name)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=facts.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(facts.size)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
