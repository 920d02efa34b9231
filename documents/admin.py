from cms.extensions import PageContentExtensionAdmin
from django.contrib import admin

from . import filer_admin  # noqa: F401  (the media library, guarded: documents/filer_admin.py)
from .models import StrategyDetails


@admin.register(StrategyDetails)
class StrategyDetailsAdmin(PageContentExtensionAdmin):
    """Opened from the CMS toolbar (Page → Strategy or plan details) on the page being edited."""

    fields = ["kind", "status", "start_year", "end_year", "last_updated", "feedback_contact", "superseded_by"]
    autocomplete_fields = []
