from django.contrib.sitemaps import Sitemap

from .models import SendUnit


class UnitSitemap(Sitemap):
    """Every public SEND unit page, with the time its record last changed."""

    changefreq = "monthly"

    def items(self):
        return SendUnit.objects.public().only("slug", "updated_at").order_by("name", "pk")

    def lastmod(self, unit):
        return unit.updated_at
