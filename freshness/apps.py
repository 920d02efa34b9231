from django.apps import AppConfig


class FreshnessConfig(AppConfig):
    """Keeping content true: review-by dates on pages and units, the staff dashboard of what is due, and
    "Last reviewed" on public pages."""

    name = "freshness"
    verbose_name = "Keeping content true"

    def ready(self):
        from . import signals

        signals.connect()
