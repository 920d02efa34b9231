from django.core.cache import cache
from django.http import Http404
from django.views.generic import DetailView
from django_filters.views import FilterView
from djangocms_versioning.constants import PUBLISHED

from localoffer.pagination import ClampedPaginationMixin

from .filters import ArticleFilter
from .models import ArticleContent

PAGE_SIZE = 10
YEARS_CACHE_KEY = "news:years"
YEARS_CACHE_SECONDS = 600
RELATED_COUNT = 3


def published_years():
    """The years that have news, newest first, for the filter. Cached: with thousands of articles the query
    is the slowest part of the list (SQLite computes each year in Python). Publishing clears it
    (signals.py); a scheduled article opening a new year shows in the filter within YEARS_CACHE_SECONDS."""
    years = cache.get(YEARS_CACHE_KEY)
    if years is None:
        dates = ArticleContent.objects.published().dates("publication_date", "year", order="DESC")
        years = [day.year for day in dates]
        cache.set(YEARS_CACHE_KEY, years, YEARS_CACHE_SECONDS)
    return years


def related_articles(content, categories):
    """Up to three other live articles sharing a category: one query, whatever the numbers."""
    if not categories:
        return []
    return list(
        ArticleContent.objects.published()
        .filter(article__categories__in=categories)
        .exclude(article_id=content.article_id)
        .select_related("article")
        .order_by("-publication_date", "-pk")
        .distinct()[:RELATED_COUNT]
    )


def article_context(content):
    categories = list(content.article.categories.all())
    return {"article": content, "categories": categories, "related": related_articles(content, categories)}


class ArticleListView(ClampedPaginationMixin, FilterView):
    template_name = "news/article_list.html"
    filterset_class = ArticleFilter
    paginate_by = PAGE_SIZE
    context_object_name = "articles"
    strict = False

    def get_queryset(self):
        return ArticleContent.objects.published().for_listing()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["years"] = published_years()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_query = self.request.GET.copy()
        page_query.pop("page", None)
        form = self.filterset.form
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        category = data.get("category")
        context.update(
            page_query=page_query.urlencode(),
            result_count=context["paginator"].count,
            category=category,
            year=data.get("year"),
        )
        return context


class ArticleDetailView(DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"
    slug_field = "article__slug"

    def get_queryset(self):
        if self.request.user.has_perm("news.view_articlecontent"):
            # Staff also see published articles still waiting for their date (a notice says so), so that the
            # page a publisher lands on after publishing a scheduled article is not a 404.
            queryset = ArticleContent.objects.filter(versions__state=PUBLISHED)
        else:
            queryset = ArticleContent.objects.published()
        return queryset.select_related("article", "image")

    def get_object(self, queryset=None):
        try:
            content = super().get_object(queryset)
        except ArticleContent.MultipleObjectsReturned as error:  # cannot happen: one published version each
            raise Http404 from error
        toolbar = getattr(self.request, "toolbar", None)
        if toolbar is not None:
            toolbar.set_object(content)
        return content

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_context(self.object))
        return context
