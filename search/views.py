from django.utils.translation import get_language
from django.views.generic import ListView

from localoffer.pagination import ClampedPaginationMixin

from . import backends
from .forms import SearchForm
from .spelling import suggestion

PAGE_SIZE = 10
# Where a visitor can go when nothing matched.
MAIN_SECTIONS = [
    ("SEND units", "/send-units/", "every SEND unit in Lancashire, by need, district and town"),
    ("SEND unit places", "/send-unit-places/", "how places are decided, reviews and transfers"),
    ("The local offer", "/local-offer/", "services and support for children and young people with SEND"),
    ("News", "/news/", "news from the SEND Partnership"),
]


class SearchView(ClampedPaginationMixin, ListView):
    template_name = "search/results.html"
    context_object_name = "results"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        self.form.is_valid()  # never invalid: over-long text is cut, not refused
        self.query = self.form.cleaned_data.get("q", "")
        self.language = get_language()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not backends.words(self.query):
            return backends.SearchEntry.objects.none()
        return backends.search(self.query, self.language)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["results"] = backends.add_snippets(context["results"], self.query)
        count = context["paginator"].count
        query_words = backends.words(self.query)
        context.update(
            form=self.form,
            query=self.query,
            searched=bool(self.query),
            has_words=bool(query_words),
            truncated=getattr(self.form, "truncated", False),
            result_count=count,
            suggestion=suggestion(query_words, self.language) if query_words and not count else None,
            main_sections=MAIN_SECTIONS,
            page_query=self._page_query(),
        )
        return context

    def _page_query(self):
        from django.http import QueryDict

        params = QueryDict(mutable=True)
        params["q"] = self.query
        return params.urlencode()
