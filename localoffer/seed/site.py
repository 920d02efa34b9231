from django.conf import settings
from django.contrib.sites.models import Site


def seed(stdout):
    """Name the django.contrib.sites record after the real site (it starts as example.com)."""
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": settings.SITE_DOMAIN, "name": settings.SITE_NAME}
    )
    stdout.write(f"Site domain: {settings.SITE_DOMAIN}")
