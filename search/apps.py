from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search over every registered content type (see search/registry.py)."""

    name = "search"
    verbose_name = "Site search"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app's search.py registers its adapter; the registry then connects the signals.
        autodiscover_modules("search")
