"""Health, readiness and the compliance files that are not CMS pages."""

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection


def test_healthz_needs_no_database(client):
    # No `db` fixture: pytest-django raises on any database access.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_dependency(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    checks = body["checks"]
    assert {name: check["status"] for name, check in checks.items()} == {"database": "ok", "cache": "ok", "queue": "ok"}
    assert all(isinstance(check["ms"], float) for check in body["checks"].values())


def test_readyz_is_degraded_but_ready_when_the_cache_is_down(client, db, monkeypatch):
    # Every page is still served without the cache: the load balancer must keep sending traffic.
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"]["status"] == "error"
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_readyz_is_503_when_the_database_is_down(client, db):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["database"]["status"] == "error"
    assert response.json()["checks"]["database"]["error"] == "OperationalError"


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_security_txt_follows_rfc_9116(client, db):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    lines = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert lines["Contact"].startswith("mailto:")
    assert lines["Expires"] > "2026"
    assert lines["Canonical"] == "http://testserver/.well-known/security.txt"


def test_sitemap_lists_the_public_pages(client, seeded):
    body = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://127.0.0.1:8000/send-unit-places/admission/</loc>" in body
    assert "<lastmod>" in body


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_operational_routes_refuse_writes(client, method):
    assert getattr(client, method)("/healthz").status_code == 405
