"""News articles in site search: the published version of each article. A scheduled one is indexed with
its publication date as ``visible_from``, so it becomes findable at that moment without a rebuild."""

from django.db.models.signals import post_delete
from djangocms_versioning.constants import PUBLISHED
from djangocms_versioning.signals import post_version_operation

from search.registry import Entry, SearchAdapter, register
from search.text import placeholder_texts

from .models import Article, ArticleContent, news_url

SLUG_MARK = "slug-mark-for-search"


@register
class NewsAdapter(SearchAdapter):
    kind = "news"
    label = "News"
    key_field = "article_id"

    def get_queryset(self, language):
        # Not .published(): that hides scheduled articles, which the index holds until their time comes.
        return (
            ArticleContent.admin_manager.filter(versions__state=PUBLISHED)
            .select_related("article")
            .prefetch_related("article__categories")
            .order_by("article_id")
        )

    def to_entries(self, items, language):
        items = list(items)
        bodies = placeholder_texts(ArticleContent, [c.pk for c in items], language)
        # One reverse() for the batch rather than one per article (a rebuild indexes thousands).
        url = news_url("news:detail", slug=SLUG_MARK)
        return [
            (
                self.key(content),
                self._entry(content, bodies.get(content.pk, ""), url.replace(SLUG_MARK, content.article.slug)),
            )
            for content in items
        ]

    def _entry(self, content, body, url):
        categories = " ".join(category.name for category in content.article.categories.all())
        return Entry(
            title=content.title,
            summary=content.summary,
            body=f"{categories} {body}".strip(),
            url=url,
            date=content.publication_date,
            visible_from=content.publication_date,
        )

    def connect(self):
        post_version_operation.connect(self._version_changed, sender=ArticleContent, weak=False)
        post_delete.connect(self._article_deleted, sender=Article, weak=False)

    def _version_changed(self, sender, obj, **kwargs):
        self.refresh(obj.content.article_id)  # obj is the Version

    def _article_deleted(self, sender, instance, **kwargs):
        self.refresh(instance.pk)
