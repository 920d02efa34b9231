"""Local development: DEBUG on, SQLite by default, static files straight from the source folders."""

from .base import *  # noqa: F401,F403
from .base import STORAGES, env

DEBUG = env.bool("DEBUG", default=True)
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
