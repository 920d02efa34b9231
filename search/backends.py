"""Querying the index. PostgreSQL: full-text search on the stored weighted vector (websearch syntax,
English stemming, ranking) and SearchHeadline snippets for the shown page only. SQLite: every word must
appear in the title, summary or body, title matches first; snippets cut in Python."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils import timezone

from .highlight import MARK_END, MARK_START, python_snippet, split_marked
from .indexing import SEARCH_CONFIG, uses_postgres
from .models import SearchEntry

MAX_WORDS = 10
SNIPPET_OPTIONS = {"max_words": 35, "min_words": 15, "max_fragments": 2, "fragment_delimiter": " … "}


# Abbreviations parents type for the words pages use: the query finds either.
ABBREVIATIONS = {
    "ehcp": "health and care plan",
    "ehcps": "health and care plans",
    "ehc": "health and care",
    "sen": "special educational needs",
    "sencos": "special educational needs co-ordinators",
    "senco": "special educational needs co-ordinator",
    # Not abbreviations, but words parents use for what the pages call the need: the SEND Code of Practice
    # (6.29) places autism under communication and interaction, the need the social communication units meet.
    "autism": "social communication",
    "autistic": "social communication",
    "asd": "social communication",
}


def words(text):
    """The searchable words: runs of letters and digits (punctuation and tsquery operators are not words)."""
    return list(dict.fromkeys(w.casefold() for w in re.findall(r"\w+", text)))[:MAX_WORDS]


def expansions(terms):
    return [ABBREVIATIONS[term] for term in terms if term in ABBREVIATIONS]


def postgres_query(text):
    """websearch syntax; each known abbreviation becomes (abbreviation OR its phrase), ANDed with the rest."""
    abbreviations = [term for term in words(text) if term in ABBREVIATIONS]
    for term in abbreviations:
        text = re.sub(rf"\b{term}\b", " ", text, flags=re.IGNORECASE)
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG) if words(text) else None
    for term in abbreviations:
        either = SearchQuery(term, config=SEARCH_CONFIG) | SearchQuery(
            ABBREVIATIONS[term], search_type="phrase", config=SEARCH_CONFIG
        )
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
    return _fallback_search(entries, words(text))


def fallback_stem(word):
    """A crude English stem for the SQLite fallback, so "transfers" still finds "transfer" (the match is a
    substring match, so the stem finds every longer form too)."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def _fallback_search(entries, terms):
    if not terms:
        return entries.none()
    score = Value(0)
    for term in terms:
        matches = Q()
        for form in [fallback_stem(term)] + expansions([term]):
            matches |= Q(title__icontains=form) | Q(summary__icontains=form) | Q(body__icontains=form)
        entries = entries.filter(matches)
        term = fallback_stem(term)
        score = score + Case(When(title__icontains=term, then=Value(3)), default=Value(1), output_field=IntegerField())
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
        terms = [fallback_stem(term) for term in words(text)] + expansions(words(text))
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
