"""Strategy documents in site search: strategy pages are CMS pages (indexed by search's page adapter), shown
with their own type, and found by the titles of the documents they hold."""

from cms.models import PageContent
from django.contrib.contenttypes.models import ContentType

from search.search import register_page_kind, register_page_text

from .models import Document, StrategyDetails


@register_page_kind
def strategy_kinds(page_contents):
    """{page content id: "Strategy", "Plan"…} for the strategy pages among them, in one query."""
    details = StrategyDetails.objects.filter(extended_object__in=page_contents)
    return {d.extended_object_id: d.get_kind_display() for d in details}


@register_page_text
def document_titles(content_ids, language):
    """{page content id: the titles of its Document blocks}, in one query."""
    rows = (
        Document.objects.filter(
            language=language,
            placeholder__content_type=ContentType.objects.get_for_model(PageContent),
            placeholder__object_id__in=list(content_ids),
        )
        .order_by("placeholder__object_id", "position")
        .values_list("placeholder__object_id", "title")
    )
    titles = {}
    for content_id, title in rows:
        titles.setdefault(content_id, []).append(title)
    return {content_id: " ".join(parts) for content_id, parts in titles.items()}
