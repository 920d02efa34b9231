"""Querying the index. PostgreSQL: full-text search on the stored weighted vector (websearch syntax,
English stemming, ranking) and SearchHeadline snippets for the shown page only. SQLite: every word must
appear in the title, summary or body, title matches first; snippets cut in Python."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils import timezone

from . import synonyms
from .highlight import MARK_END, MARK_START, python_snippet, split_marked
from .indexing import SEARCH_CONFIG, uses_postgres
from .models import SearchEntry

MAX_WORDS = 10
SNIPPET_OPTIONS = {"max_words": 35, "min_words": 15, "max_fragments": 2, "fragment_delimiter": " … "}


def words(text):
    """The searchable words: runs of letters and digits (punctuation and tsquery operators are not words)."""
    return list(dict.fromkeys(w.casefold() for w in re.findall(r"\w+", text)))[:MAX_WORDS]


def postgres_query(text):
    """websearch syntax; each word or phrase with synonyms (search/synonyms.py: "EHCP", "autism") becomes
    (it OR any of its synonyms, as phrases), ANDed with the rest."""
    expanded = [term for term in synonyms.expand(text, MAX_WORDS) if term.alternatives]
    for term in expanded:
        typed = r"\W+".join(re.escape(word) for word in term.typed.split())
        text = re.sub(rf"\b{typed}\b", " ", text, flags=re.IGNORECASE)
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG) if words(text) else None
    for term in expanded:
        either = SearchQuery(term.typed, search_type="phrase", config=SEARCH_CONFIG)
        for alternative in term.alternatives:
            either |= SearchQuery(alternative, search_type="phrase", config=SEARCH_CONFIG)
        query = either if query is None else query & either
    return query


def visible_entries(language, now=None):
    now = now or timezone.now()
    return SearchEntry.objects.filter(language=language).filter(Q(visible_from__isnull=True) | Q(visible_from__lte=now))


def search(text, language):
    """An ordered queryset of matching entries (only the fields results show)."""
    entries = visible_entries(language).only("kind", "kind_label", "title", "url", "date", "summary", "body")
    if uses_postgres():
        query = postgres_query(text)
        return (
            entries.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", F("date").desc(nulls_last=True), "pk")
        )
    return _fallback_search(entries, text)


def fallback_stem(word):
    """A crude English stem for the SQLite fallback, so "transfers" still finds "transfer" (the match is a
    substring match, so the stem finds every longer form too)."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def _fallback_search(entries, text):
    terms = synonyms.expand(text, MAX_WORDS)
    if not terms:
        return entries.none()
    fields = ("title", "summary", "body")
    entries = entries.filter(
        synonyms.matching_q(text, fields, lowercase=False, max_terms=MAX_WORDS, stem=fallback_stem)
    )
    score = Value(0)
    for term in terms:
        for word in term.typed.split():
            title_match = Q(title__icontains=fallback_stem(word))
            score = score + Case(When(title_match, then=Value(3)), default=Value(1), output_field=IntegerField())
    return entries.annotate(rank=score).order_by("-rank", F("date").desc(nulls_last=True), "pk")


def add_snippets(entries, text):
    """Set ``title_parts`` and ``snippet_parts`` (lists of (text, marked) pairs, unescaped) on the entries
    of one results page: one query on PostgreSQL, none on SQLite."""
    entries = list(entries)
    if not entries:
        return entries
    if uses_postgres():
        _postgres_snippets(entries, text)
    else:
        expanded = synonyms.expand(text, MAX_WORDS)
        terms = [fallback_stem(word) for term in expanded for word in term.typed.split()]
        terms += [alternative for term in expanded for alternative in term.alternatives]
        for entry in entries:
            entry.title_parts = python_snippet(entry.title, terms, whole=True)
            entry.snippet_parts = python_snippet(f"{entry.summary} {entry.body}".strip(), terms)
    return entries


def _postgres_snippets(entries, text):
    query = postgres_query(text)
    options = {"start_sel": MARK_START, "stop_sel": MARK_END, "config": SEARCH_CONFIG}
    rows = SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).annotate(
        title_mark=SearchHeadline("title", query, highlight_all=True, **options),
        snippet_mark=SearchHeadline(
            Concat("summary", Value(" "), "body", output_field=TextField()), query, **options, **SNIPPET_OPTIONS
        ),
    )
    marked = {pk: (title, snippet) for pk, title, snippet in rows.values_list("pk", "title_mark", "snippet_mark")}
    for entry in entries:
        title, snippet = marked.get(entry.pk, (entry.title, entry.summary))
        entry.title_parts = split_marked(title)
        entry.snippet_parts = split_marked(snippet)
