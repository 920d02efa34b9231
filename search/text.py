"""Plain text out of CMS placeholders, for the index."""

import html
import re

from cms.models import Placeholder
from django.contrib.contenttypes.models import ContentType
from django.utils.html import strip_tags
from djangocms_text.models import Text

BODY_LIMIT = 20_000  # characters per item: enough for any page; keeps one huge paste from bloating the index


# Block-level tags separate words: "<p>One.</p><p>Two</p>" must not become "One.Two" (one token to a parser).
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|figure|figcaption|hr|dd|dt|dl)\b[^>]*>",
    re.IGNORECASE,
)


def plain_text(markup):
    """Tags stripped (block tags leave a space), entities decoded, whitespace collapsed."""
    text = strip_tags(_BLOCK_TAG_RE.sub(" ", markup or ""))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def placeholder_texts(model, object_ids, language):
    """{object id: the text of every text plugin in the objects' placeholders}, in one query."""
    if not object_ids:
        return {}
    placeholders = Placeholder.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(object_ids)
    )
    rows = (
        Text.objects.filter(placeholder__in=placeholders, language=language)
        .order_by("placeholder__object_id", "placeholder__slot", "position")
        .values_list("placeholder__object_id", "body")
    )
    texts = {}
    for object_id, body in rows:
        texts.setdefault(object_id, []).append(plain_text(body))
    return {object_id: " ".join(parts)[:BODY_LIMIT] for object_id, parts in texts.items()}
