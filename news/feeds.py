"""RSS and Atom feeds of published articles (django.contrib.syndication), for all news and per category."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from .models import ArticleContent, Category, news_url

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    title = f"News from the Lancashire SEND Partnership - {settings.SITE_NAME}"
    description = "News from the Lancashire SEND Partnership: strategies, inspections, SEND units and events."

    def link(self):
        return news_url("news:list")

    def feed_url(self):
        return news_url("news:feed")

    def items(self):
        return ArticleContent.objects.published().for_listing()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.publication_date

    def item_updateddate(self, item):
        return item.updated_date or item.publication_date

    def item_categories(self, item):
        return [category.name for category in item.article.categories.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description

    def feed_url(self):
        return news_url("news:feed") + "atom/"


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{category.name}: news from the Lancashire SEND Partnership"

    def description(self, category):
        return category.description or f"News from the Lancashire SEND Partnership about {category.name.lower()}."

    def link(self, category):
        return category.get_absolute_url()

    def feed_url(self, category):
        return news_url("news:category-feed", slug=category.slug)

    def items(self, category):
        return ArticleContent.objects.published().for_listing().filter(article__categories=category)[:FEED_SIZE]


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed

    def subtitle(self, category):
        return self.description(category)

    def feed_url(self, category):
        return news_url("news:category-feed", slug=category.slug) + "atom/"
