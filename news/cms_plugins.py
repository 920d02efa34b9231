from cms.plugin_base import CMSPluginBase
from cms.plugin_pool import plugin_pool
from django.db.models import Subquery
from django.utils import timezone
from djangocms_versioning.constants import PUBLISHED

from .models import ArticleContent, LatestNews

NOT_LOOKED_UP = object()


def next_scheduled(now):
    """Published articles still waiting for their publication date: the earliest such date, as a subquery."""
    return (
        ArticleContent.admin_manager.filter(versions__state=PUBLISHED, publication_date__gt=now)
        .order_by("publication_date")
        .values("publication_date")[:1]
    )


@plugin_pool.register_plugin
class LatestNewsPlugin(CMSPluginBase):
    """The newest published articles, for any page. Scheduled and draft articles never show.

    The CMS may cache the page, but only until the next scheduled article goes live (get_cache_expiration);
    publishing, unpublishing or archiving an article clears the page cache (news/signals.py).
    """

    model = LatestNews
    name = "Latest news"
    module = "News"
    render_template = "news/includes/latest_news.html"
    cache = True

    def render(self, context, instance, placeholder):
        context = super().render(context, instance, placeholder)
        now = timezone.now()
        # One query: the articles, each carrying the date of the next scheduled one.
        articles = list(
            ArticleContent.objects.published(now)
            .select_related("article")
            .annotate(next_scheduled=Subquery(next_scheduled(now)))
            .order_by("-publication_date", "-pk")[: instance.count]
        )
        request = context.get("request")
        if request is not None and articles:
            request._news_next_scheduled = articles[0].next_scheduled
        context["articles"] = articles
        context["news_url"] = "/news/"
        return context

    def get_cache_expiration(self, request, instance, placeholder):
        """The moment the next scheduled article goes live, if any: the cached page must not outlive it."""
        upcoming = getattr(request, "_news_next_scheduled", NOT_LOOKED_UP)
        if upcoming is NOT_LOOKED_UP:
            upcoming = next_scheduled(timezone.now()).values_list("publication_date", flat=True).first()
            if request is not None:
                request._news_next_scheduled = upcoming
        return upcoming


def next_publication():
    """When the next scheduled article goes live, or None: cached pages must not outlive that moment
    (settings.PAGE_CACHE_EXPIRY_HOOKS)."""
    return next_scheduled(timezone.now()).values_list("publication_date", flat=True).first()
