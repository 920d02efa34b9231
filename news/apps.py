from django.apps import AppConfig


class NewsConfig(AppConfig):
    """Partnership news articles, mounted at /news/."""

    name = "news"
    verbose_name = "Partnership news"

    def ready(self):
        from . import signals  # noqa: F401
