from cms.sitemaps import CMSSitemap
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from news.sitemaps import NewsSitemap
from units.sitemaps import UnitSitemap

from . import views

sitemaps = {"pages": CMSSitemap, "news": NewsSitemap, "units": UnitSitemap}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),  # staff sign-in: /account/login/, two-factor enrolment
    path("api/oruk/", include("units.api_urls")),
    path("documents/", include("documents.download_urls")),
    path(settings.FILES_URL.lstrip("/"), include("documents.files_urls")),
    path("search/", include("search.urls")),
    path("alerts/", include("alerts.urls")),  # email alerts: subscribe, confirm, manage, unsubscribe
]

# MEDIA_URL is deliberately not served, even with DEBUG: media-library files reach browsers only through
# documents.serving, which checks that the public may see them (README "Files and who can see them").

# The CMS catch-all must come last.
urlpatterns.append(path("", include("cms.urls")))
