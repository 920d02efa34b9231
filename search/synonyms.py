"""The one list of words people type for what the site's pages and records call something else: "autism" for
the units that meet social communication and interaction needs, "EHCP" for an education, health and care plan.

Site search (search/backends.py), the unit directory's keyword search and the ORUK API's ``search`` (both
through ``SendUnitQuerySet.search``) expand a query with ``expand()`` or ``matching_q()``; the directory's Need
filter labels come from ``described()``. Change the list here (README "Synonyms"): every search follows.
"""

import re
from dataclasses import dataclass

from django.db.models import Q

MAX_TERMS = 10  # words (or recognised phrases) of one query: enough for any real search, and bounds its SQL


@dataclass(frozen=True)
class Synonyms:
    """Ways of saying one thing. Typing any of ``terms`` finds the others too.

    ``within`` is the need, spelled as need names spell it, that the SEND Code of Practice files the thing
    under (6.29: autism sits in communication and interaction). Typing a term also finds that need, and a need
    whose name contains it is labelled "(including <first term>)". Leave it empty for plain abbreviations.
    """

    terms: tuple[str, ...]
    within: str = ""


SYNONYMS = (
    Synonyms(
        (
            "autism",
            "autistic",
            "ASD",
            "ASC",
            "autism spectrum disorder",
            "autism spectrum condition",
            "autistic spectrum disorder",
            "autistic spectrum condition",
        ),
        within="social communication",
    ),
    Synonyms(("EHCP", "EHC plan", "education health and care plan")),
    Synonyms(("EHC", "education health and care")),
    Synonyms(("SENCO", "SENDCo", "special educational needs co-ordinator", "special educational needs coordinator")),
    Synonyms(("SEN", "special educational needs")),
    Synonyms(("SEMH", "social emotional and mental health")),
    Synonyms(("SLCN", "speech language and communication needs", "speech and language")),
    Synonyms(("SaLT", "speech and language therapy", "speech and language therapist")),
    Synonyms(("ADHD", "attention deficit hyperactivity disorder")),
    Synonyms(("SpLD", "specific learning difficulties", "specific learning difficulty")),
    Synonyms(("MLD", "moderate learning difficulties", "moderate learning difficulty")),
    Synonyms(("SLD", "severe learning difficulties", "severe learning difficulty")),
    Synonyms(("PMLD", "profound and multiple learning difficulties", "profound and multiple learning difficulty")),
    Synonyms(("CAMHS", "child and adolescent mental health services")),
)


@dataclass(frozen=True)
class Term:
    """One word or recognised phrase of a query, lower case ("ehc plan"), and the other ways of saying it
    (lower-case words separated by single spaces; empty for most words)."""

    typed: str
    alternatives: tuple[str, ...] = ()


def words(text):
    """Lower-case runs of letters and digits: punctuation, operators and NUL are never part of a word."""
    return re.findall(r"\w+", (text or "").lower())


def _key(phrase):
    return tuple(words(phrase))


def _index(groups):
    """{words of a term: the group it belongs to}."""
    return {_key(term): group for group in groups for term in group.terms}


_INDEX = _index(SYNONYMS)
_LONGEST = max(len(key) for key in _INDEX)


def _group_at(found, position):
    """(group, number of words) of the longest term starting at ``position``; a plural ("EHCPs", "EHC plans")
    counts as its singular. (None, 1) when no term starts there."""
    for length in range(min(_LONGEST, len(found) - position), 0, -1):
        key = tuple(found[position : position + length])
        singular = key[:-1] + (key[-1][:-1],) if key[-1].endswith("s") else None
        group = _INDEX.get(key) or (_INDEX.get(singular) if singular else None)
        if group is not None:
            return group, length
    return None, 1


def _alternatives(group, typed):
    """Every other term of the group (the singular of a plural typed too), then the need it sits within."""
    others = [" ".join(_key(term)) for term in group.terms] + ([" ".join(_key(group.within))] if group.within else [])
    return tuple(dict.fromkeys(other for other in others if other != typed))


def expand(text, max_terms=MAX_TERMS):
    """The terms of a query, each with its alternatives, at most ``max_terms``, repeats dropped.

    >>> expand("ASD Burnley")
    [Term(typed='asd', alternatives=('autism', 'autistic', 'asc', ..., 'social communication')),
     Term(typed='burnley', alternatives=())]
    """
    found, terms, position = words(text), {}, 0
    while position < len(found) and len(terms) < max_terms:
        group, length = _group_at(found, position)
        typed = " ".join(found[position : position + length])
        terms.setdefault(typed, Term(typed, _alternatives(group, typed) if group else ()))
        position += length
    return list(terms.values())


# A word boundary both PostgreSQL (POSIX regular expressions) and Python's re (SQLite) understand.
_EDGE_BEFORE, _EDGE_AFTER, _BETWEEN = "(^|[^a-z0-9])", "s?([^a-z0-9]|$)", "[^a-z0-9]+"


def whole_words_pattern(phrases):
    """A regular expression finding any of the phrases as whole words in lower-case text, with any
    punctuation between their words ("education, health and care plan") and an optional plural "s"."""
    choices = "|".join(_BETWEEN.join(re.escape(word) for word in phrase.split()) for phrase in phrases)
    return f"{_EDGE_BEFORE}({choices}){_EDGE_AFTER}"


def matching_q(text, fields=("search_text",), lowercase=True, max_terms=MAX_TERMS, stem=None):
    """A filter for rows matching every term of ``text`` in at least one of ``fields``.

    A term matches when each of its words is in a field (a substring, as keyword searches always did: "burn"
    finds Burnley), or when one of its alternatives is there as whole words (so "asd" is never found inside
    another word). ``lowercase`` says the fields hold lower-cased text (``SendUnit.search_text``): plain
    ``contains`` and ``regex`` then suffice; otherwise the case-insensitive lookups are used. ``stem``, if
    given, cuts each typed word before it is looked for (site search's SQLite fallback: "transfers").
    """
    contains, regex = ("contains", "regex") if lowercase else ("icontains", "iregex")
    query = Q()
    for term in expand(text, max_terms):
        found = Q()
        for word in term.typed.split():
            found &= _any_field(fields, contains, stem(word) if stem else word)
        if term.alternatives:
            found |= _any_field(fields, regex, whole_words_pattern(term.alternatives))
        query &= found
    return query


def _any_field(fields, lookup, value):
    either = Q()
    for field in fields:
        either |= Q(**{f"{field}__{lookup}": value})
    return either


def abbreviations(group):
    """The terms of a group written as abbreviations (capitals, one word): ("SEMH",)."""
    return tuple(term for term in group.terms if " " not in term and any(c.isupper() for c in term))


def described(name):
    """A need's name with what the synonyms say it includes or is called, for filter labels:
    "Social communication and interaction (including autism)", "Social, emotional and mental health (SEMH)".
    """
    name_words = words(name)
    short, includes = [], []
    for group in SYNONYMS:
        if any(_key(term) == tuple(name_words) for term in group.terms):
            short.extend(abbreviations(group))
        named = any(_contains(name_words, _key(term)) for term in group.terms)  # "Autism and ..." says it already
        if group.within and _contains(name_words, _key(group.within)) and not named:
            includes.append(group.terms[0])
    notes = list(dict.fromkeys(short))
    if includes:
        notes.append("including " + " and ".join(dict.fromkeys(includes)))
    return f"{name} ({'; '.join(notes)})" if notes else name


def _contains(found, phrase):
    return any(tuple(found[i : i + len(phrase)]) == phrase for i in range(len(found) - len(phrase) + 1))
