"""Test settings: fast hashing, local memory cache, no outside calls."""

from .base import *  # noqa: F401,F403
from .base import STORAGES

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105 - never used outside tests
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Unit tests render templates without collectstatic; the browser tests switch manifest storage back on.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # pytest-django sets it anyway
# Queued emails (jobs.mail) land in django.core.mail.outbox when tests run the jobs (jobs.testing.run_jobs);
# the smtp_server fixture (tests/mailserver.py) switches this to SMTP on loopback.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_TIMEOUT = 5
LOGGING = {"version": 1, "disable_existing_loggers": False}
