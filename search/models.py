"""The search index: one denormalised row per public item (page, article, unit...) and language.

On PostgreSQL ``search_vector`` holds the weighted tsvector (title A, summary B, body C, 'english' config),
filled on write and indexed with GIN (migration 0002), so a query is an index lookup. SQLite keeps the
column empty and searches the text columns instead (search/backends.py).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    kind = models.CharField(max_length=40, help_text="The adapter's key, e.g. 'news'.")
    kind_label = models.CharField(max_length=60, help_text="Shown on results, e.g. 'News'.")
    object_key = models.CharField(max_length=64, help_text="The indexed object's identity within its kind.")
    language = models.CharField(max_length=15)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateTimeField(null=True, blank=True, help_text="Shown on results where the kind has one.")
    visible_from = models.DateTimeField(
        null=True, blank=True, help_text="Scheduled content: hidden from results until this moment."
    )
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_key", "language"], name="search_entry_unique"),
        ]
        indexes = [models.Index(fields=["language", "visible_from"], name="search_entry_lang_idx")]

    def __str__(self):
        return f"{self.kind_label}: {self.title}"
