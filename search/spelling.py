"""'Did you mean ...?' for a search with no results: each word swapped for the closest word of the indexed
titles and summaries (difflib), from a vocabulary cached until the index next changes."""

import difflib
import re

from django.core.cache import cache

from .indexing import VOCABULARY_CACHE_KEY
from .models import SearchEntry

MIN_WORD_LENGTH = 3
MAX_VOCABULARY = 50_000


def vocabulary(language):
    key = f"{VOCABULARY_CACHE_KEY}:{language}"
    words = cache.get(key)
    if words is None:
        found = set()
        for title, summary in SearchEntry.objects.filter(language=language).values_list("title", "summary").iterator():
            found.update(
                w for w in re.findall(r"[^\W\d_]+", f"{title} {summary}".casefold()) if len(w) >= MIN_WORD_LENGTH
            )
        words = sorted(found)[:MAX_VOCABULARY]
        cache.set(key, words, timeout=24 * 3600)
    return words


def suggestion(query_words, language):
    """A corrected query, or None when no word needs changing (or none has a close match)."""
    known = vocabulary(language)
    known_set = set(known)
    changed, corrected = False, []
    for word in query_words:
        if len(word) < MIN_WORD_LENGTH or word in known_set or word.isdigit():
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        corrected.append(close[0] if close else word)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else None
