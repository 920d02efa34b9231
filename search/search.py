"""The CMS pages adapter: the published content of every public page (not login_required, not a redirect).

Another app can give some pages their own type on results (strategy documents, say) with
``register_page_kind(func)``: ``func(page_contents)`` returns ``{page content id: label}`` for the pages it
names (the others stay a "Page").
It can add words the text plugins do not hold (the titles of its own plugins, say) with
``register_page_text(func)``: ``func(page_content_ids, language)`` returns ``{page content id: text}``.
"""

from cms.models import Page, PageContent
from django.conf import settings
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from djangocms_versioning.signals import post_version_operation

from .registry import Entry, SearchAdapter, register
from .text import placeholder_texts, plain_text

_page_kinds = []
_page_texts = []


def register_page_kind(func):
    _page_kinds.append(func)
    return func


def register_page_text(func):
    _page_texts.append(func)
    return func


def page_bodies(content_ids, language):
    """The text plugins' words of each page content, then whatever registered apps add."""
    bodies = placeholder_texts(PageContent, content_ids, language)
    for func in _page_texts:
        for content_id, text in func(content_ids, language).items():
            bodies[content_id] = f"{bodies.get(content_id, '')} {text}".strip()
    return bodies


def page_kind_labels(page_contents):
    """{page content id: label}; the first registered function to name a page wins."""
    labels = {}
    for func in reversed(_page_kinds):
        labels.update(func(page_contents))
    return labels


@register
class PageAdapter(SearchAdapter):
    kind = "pages"
    label = "Page"
    key_field = "page_id"

    def get_queryset(self, language):
        # PageContent.objects only sees published versions (djangocms-versioning replaces the manager).
        return (
            PageContent.objects.filter(language=language, page__site_id=settings.SITE_ID, page__login_required=False)
            .filter(Q(redirect="") | Q(redirect__isnull=True))
            .select_related("page")
            .prefetch_related("page__urls")
            .order_by("page_id")
        )

    def to_entries(self, items, language):
        items = list(items)
        bodies = page_bodies([c.pk for c in items], language)
        kinds = page_kind_labels(items)
        entries = []
        for content in items:
            url = content.page.get_absolute_url(language, fallback=False)
            if not url:
                continue  # not reachable, so not findable
            entry = Entry(
                title=content.title,
                summary=plain_text(content.meta_description or ""),
                body=bodies.get(content.pk, ""),
                url=url,
                kind_label=kinds.get(content.pk, ""),
            )
            entries.append((self.key(content), entry))
        return entries

    def connect(self):
        post_version_operation.connect(self._version_changed, sender=PageContent, weak=False)
        # login_required lives on the page; a deleted page takes its entry with it.
        post_save.connect(self._page_changed, sender=Page, weak=False)
        post_delete.connect(self._page_changed, sender=Page, weak=False)

    def _version_changed(self, sender, obj, **kwargs):
        self._refresh_with_descendants(obj.content.page)  # obj is the Version

    def _page_changed(self, sender, instance, **kwargs):
        if kwargs.get("signal") is post_delete:
            self.refresh(instance.pk)
        else:
            self._refresh_with_descendants(instance)

    def _refresh_with_descendants(self, page):
        """A new slug (publish) or a move (save) changes the addresses of the pages below too."""
        self.refresh(page.pk, *page.get_descendant_pages().values_list("pk", flat=True))
