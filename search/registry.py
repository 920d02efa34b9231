"""One registration per content type. An app adds its content to site search with a ``search.py`` that
registers an adapter (autodiscovered by SearchConfig.ready)::

    from search.registry import SearchAdapter, register

    @register
    class UnitAdapter(SearchAdapter):
        kind, label = "units", "SEND unit"
        def get_queryset(self, language): ...       # the public items, nothing else
        def to_entry(self, item, language): ...     # an Entry: title, summary, body, url, date
        def connect(self): ...                      # signals that call self.refresh(*keys)

The index only ever holds what ``get_queryset`` returns, so drafts, private and deleted items can not leak:
``refresh(*keys)`` re-reads the items through it and writes or deletes their entries.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

_adapters = {}


@dataclass
class Entry:
    title: str
    url: str
    summary: str = ""
    body: str = ""
    date: datetime | None = None
    visible_from: datetime | None = None  # scheduled content: not found before this moment
    kind_label: str = ""  # empty: the adapter's label


class SearchAdapter:
    kind = ""  # a short stable key, stored in the index
    label = ""  # what results show as the type, e.g. "News"
    key_field = "pk"  # the field of get_queryset()'s items that identifies an item in the index

    def languages(self):
        return [code for code, _ in settings.LANGUAGES]

    def get_queryset(self, language):
        """Every public item in this language: what the index must hold, nothing more."""
        raise NotImplementedError

    def to_entry(self, item, language):
        raise NotImplementedError

    def to_entries(self, items, language):
        """(key, Entry) pairs; override to fetch related text for many items in a few queries."""
        return [(self.key(item), self.to_entry(item, language)) for item in items]

    def key(self, item):
        value = item
        for part in self.key_field.split("__"):
            value = getattr(value, part)
        return str(value)

    def connect(self):
        """Connect the signals that mark items stale; handlers call ``self.refresh(*keys)``."""

    def refresh(self, *keys):
        from .indexing import refresh

        refresh(self, keys)


def register(adapter_class):
    """Register an adapter class (usable as a decorator). A later registration of the same kind replaces
    the earlier one, so an app can take over a kind."""
    adapter = adapter_class()
    if not adapter.kind or not adapter.label:
        raise ValueError(f"{adapter_class.__name__} needs a kind and a label")
    _adapters[adapter.kind] = adapter
    adapter.connect()
    return adapter_class


def adapters():
    return list(_adapters.values())


def get_adapter(kind):
    return _adapters.get(kind)
