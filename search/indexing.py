"""Writing the index: one item (``refresh``) or everything (``rebuild``). On PostgreSQL the weighted
tsvector is computed by the database as part of the write, in one UPDATE per batch."""

from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.db import connection, transaction

from . import registry
from .models import SearchEntry

SEARCH_CONFIG = "english"
BATCH_SIZE = 1000
VOCABULARY_CACHE_KEY = "search:vocabulary"


def uses_postgres():
    return connection.vendor == "postgresql"


def weighted_vector():
    # SearchVector casts each column to text and coalesces NULL to ''.
    def part(field, weight):
        return SearchVector(field, weight=weight, config=SEARCH_CONFIG)

    return part("title", "A") + part("summary", "B") + part("body", "C")


def _fill_vectors(entries):
    if uses_postgres():
        entries.update(search_vector=weighted_vector())


def _entry_row(adapter, key, entry, language):
    return SearchEntry(
        kind=adapter.kind,
        kind_label=entry.kind_label or adapter.label,
        object_key=key,
        language=language,
        title=entry.title[:300],
        summary=entry.summary,
        body=entry.body,
        url=entry.url[:500],
        date=entry.date,
        visible_from=entry.visible_from,
    )


def index_changed():
    """Anything derived from the whole index (the spelling vocabulary) is stale."""
    from django.conf import settings

    cache.delete_many([f"{VOCABULARY_CACHE_KEY}:{code}" for code, _ in settings.LANGUAGES])


@transaction.atomic
def refresh(adapter, keys):
    """Make the index agree with the items' current public state, in every language: write the entries of
    those the adapter's public queryset holds, delete the others. One batch of queries for all the keys."""
    keys = [str(key) for key in keys]
    for language in adapter.languages():
        entries = SearchEntry.objects.filter(kind=adapter.kind, object_key__in=keys, language=language)
        entries.delete()
        items = adapter.get_queryset(language).filter(**{f"{adapter.key_field}__in": keys})
        rows = [_entry_row(adapter, k, entry, language) for k, entry in adapter.to_entries(items, language)]
        SearchEntry.objects.bulk_create(rows)
        _fill_vectors(entries)
    index_changed()


@transaction.atomic
def rebuild(adapters=None):
    """Rebuild the entries of the given adapters (all by default) from scratch. Returns {kind: count}."""
    counts = {}
    for adapter in adapters or registry.adapters():
        SearchEntry.objects.filter(kind=adapter.kind).delete()
        counts[adapter.kind] = 0
        for language in adapter.languages():
            queryset = adapter.get_queryset(language)
            batch = []
            for item in queryset.iterator(chunk_size=BATCH_SIZE):
                batch.append(item)
                if len(batch) == BATCH_SIZE:
                    counts[adapter.kind] += _write_batch(adapter, batch, language)
                    batch = []
            counts[adapter.kind] += _write_batch(adapter, batch, language)
        _fill_vectors(SearchEntry.objects.filter(kind=adapter.kind))
    # Entries of adapters no longer registered (an app removed) must not stay findable.
    if adapters is None:
        SearchEntry.objects.exclude(kind__in=[a.kind for a in registry.adapters()]).delete()
    if uses_postgres():
        # Fresh statistics, so the planner picks the GIN index or a scan from the real numbers at once.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    index_changed()
    return counts


def _write_batch(adapter, items, language):
    if not items:
        return 0
    rows = [_entry_row(adapter, key, entry, language) for key, entry in adapter.to_entries(items, language)]
    SearchEntry.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
