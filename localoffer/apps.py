from django.apps import AppConfig


class LocalOfferConfig(AppConfig):
    name = "localoffer"
    verbose_name = "Local offer site"

    def ready(self):
        from . import pagecache

        pagecache.connect_invalidation()
