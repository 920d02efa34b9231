from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Strategies, plans and documents"

    def ready(self):
        from . import signals  # noqa: F401
        from .visibility import discover_plugin_uses

        discover_plugin_uses()
