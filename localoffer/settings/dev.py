"""Local development: DEBUG on, SQLite by default, static files straight from the source folders."""

from .base import *  # noqa: F401,F403
from .base import DATABASES, STORAGES, env

DEBUG = env.bool("DEBUG", default=True)
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Emails are queued as in production; the worker `make run` starts prints them instead of sending them.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
SITE_SCHEME = env("SITE_SCHEME", default="http")
# Dev-only: TWO_FACTOR_DEV_BYPASS=1 lets any account into the admin with its password alone (README "Signing
# in (two-factor)"). Works only with DEBUG on; prod.py forces it off and `check --deploy` refuses it.
TWO_FACTOR_DEV_BYPASS = env.bool("TWO_FACTOR_DEV_BYPASS", default=False)

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # `make run` has two processes on one SQLite file (the dev server and the worker): writers take the lock
    # when their transaction starts and wait for each other, rather than fail with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
