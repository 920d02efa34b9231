from django.apps import AppConfig


class LocalOfferConfig(AppConfig):
    name = "localoffer"
    verbose_name = "Local offer site"

    def ready(self):
        from . import filer_widget, pagecache

        pagecache.connect_invalidation()
        filer_widget.use_attribute_escaping()
