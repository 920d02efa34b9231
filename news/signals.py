from cms.cache import invalidate_cms_page_cache
from cms.models import Placeholder
from django.conf import settings
from django.core.cache import cache
from django.dispatch import receiver
from djangocms_versioning.signals import post_version_operation

from .models import ArticleContent
from .views import YEARS_CACHE_KEY


@receiver(post_version_operation, sender=ArticleContent)
def clear_cached_news_blocks(sender, **kwargs):
    """A published, unpublished or archived article changes every "Latest news" block: drop the cached pages
    and the cached placeholders that hold such a block (a handful, found in one query)."""
    invalidate_cms_page_cache()
    cache.delete(YEARS_CACHE_KEY)
    placeholders = Placeholder.objects.filter(cmsplugin__plugin_type="LatestNewsPlugin").distinct()
    for placeholder in placeholders:
        for language, _ in settings.LANGUAGES:
            placeholder.clear_cache(language, site_id=settings.SITE_ID)
