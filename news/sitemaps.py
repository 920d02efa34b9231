from django.contrib.sitemaps import Sitemap

from .models import ArticleContent


class NewsSitemap(Sitemap):
    """Published articles whose date has come, with the date they last changed."""

    changefreq = "monthly"

    def items(self):
        return ArticleContent.objects.published().select_related("article").order_by("-publication_date", "-pk")

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.last_changed
