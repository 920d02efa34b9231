"""Settings read from the environment: media storage, cache and database choice."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
print(json.dumps({
    "storage": type(storages["default"]).__name__,
    "bucket": getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "engine": settings.DATABASES["default"]["ENGINE"],
    "health_checks": settings.DATABASES["default"].get("CONN_HEALTH_CHECKS", False),
}))
"""


def settings_with(**environ):
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "localoffer.settings.dev", **environ})
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_are_local_disk_memory_cache_and_sqlite():
    settings = settings_with()
    assert settings["storage"] == "FileSystemStorage"
    assert settings["cache"].endswith("LocMemCache")
    assert settings["engine"].endswith("sqlite3")


@pytest.mark.parametrize("bucket", ["localoffer-media"])
def test_s3_media_when_a_bucket_is_configured(bucket):
    settings = settings_with(AWS_STORAGE_BUCKET_NAME=bucket, AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000")
    assert settings["storage"] == "S3Storage"
    assert settings["bucket"] == bucket


def test_redis_cache_and_postgres_from_urls():
    settings = settings_with(REDIS_URL="redis://127.0.0.1:6379/1", DATABASE_URL="postgres://u:p@127.0.0.1:5432/x")
    assert settings["cache"] == "django_redis.cache.RedisCache"
    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["health_checks"] is True


def test_prod_without_redis_shares_a_file_cache_between_workers(tmp_path):
    prod = {
        "DJANGO_SETTINGS_MODULE": "localoffer.settings.prod",
        "SECRET_KEY": "k3y-" + "x7Qp9" * 12,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "db.sqlite3"),
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    assert settings_with(**prod)["cache"].endswith("FileBasedCache")
    assert settings_with(**prod, REDIS_URL="redis://127.0.0.1:6379/1")["cache"] == "django_redis.cache.RedisCache"
