"""Production: only hardens base.py and refuses to start without the settings it cannot guess."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env

REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
missing = [name for name in REQUIRED if not env(name, default="")]
if missing:
    raise ImproperlyConfigured(f"Production settings need these environment variables: {', '.join(missing)}")

SECRET_KEY = env("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")
DEBUG = False
TWO_FACTOR_DEV_BYPASS = False  # whatever the environment says (tests/test_two_factor.py)

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

SILENCED_SYSTEM_CHECKS = [
    # X_FRAME_OPTIONS stays SAMEORIGIN: the CMS toolbar frames our own admin pages. Other sites are
    # still kept out by the same header and by CSP frame-ancestors 'self'.
    "security.W019",
]
if not SECURE_SSL_REDIRECT:
    # Chosen explicitly by the operator: a TLS-terminating proxy in front redirects to HTTPS.
    SILENCED_SYSTEM_CHECKS.append("security.W008")

EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # by the worker; pages only queue
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@localhost")

if not REDIS_URL:  # noqa: F405
    # gunicorn runs several worker processes, and local memory is per process: a publish handled by one
    # worker would leave the others serving the old page (this page cache and the CMS's own caches alike).
    # Without Redis, the workers of one container share a file cache; several containers need Redis. Not in
    # /tmp: the cache holds pickles, which only this app's user may be able to write.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", default=str(BASE_DIR / ".page-cache")),  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
