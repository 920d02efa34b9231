#!/usr/bin/env python
"""Server-side timings of the site's heavy pages, with realistic data volumes.

Creates a throw-away test database (SQLite in memory by default, or the server in DATABASE_URL), seeds the
site, adds N extra SEND units and M extra published news articles, then times each route in-process with
Django's test client and prints p50/p95 in milliseconds and the SQL queries per request. Timings belong
here, never in the test suite.

    .venv/bin/python scripts/benchmark.py                     # SQLite, 10,000 units and 10,000 articles
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python scripts/benchmark.py --units 10000
    .venv/bin/python scripts/benchmark.py --articles 10000 --units 0       # news only
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localoffer.settings.test")
os.environ.setdefault("PAGE_CACHE_ENABLED", "false")  # time the rendering, not the anonymous page cache

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from news.models import ArticleContent  # noqa: E402
from scripts.benchdata import add_articles, add_units  # noqa: E402
from units.models import SendUnit  # noqa: E402

ROUTES = [
    ("home", "/"),
    ("units list", "/send-units/"),
    ("units: need + town", "/send-units/?need=social-communication-and-interaction&town=Burnley"),
    ("units: search + sort", "/send-units/?q=school+burnley&sort=newest"),
    ("units: search with synonyms", "/send-units/?q=autism+burnley"),
    ("units: deep page", "/send-units/?page=400"),
    ("unit detail", "/send-units/barden-primary-school/"),
    ("units export.json (filtered)", "/send-units/export.json?town=Preston&phase=secondary"),
    ("ORUK services", "/api/oruk/services"),
    ("ORUK services search", "/api/oruk/services?search=burnley&per_page=50"),
    ("units export.csv (all)", "/send-units/export.csv"),
    ("news list", "/news/"),
    ("news: category + year", "/news/?category=inspections&year=2021"),
    ("news: deep page", "/news/?page=500"),
    ("news article", "/news/send-plan-2021-2025-approved/"),
    ("news RSS feed", "/news/feed/"),
    ("news category Atom feed", "/news/category/inspections/feed/atom/"),
    ("search: Burnley", "/search/?q=Burnley"),
    ("search: autism", "/search/?q=autism"),
    ("search: transfers", "/search/?q=transfers"),
    ("search: EHCP", "/search/?q=EHCP"),
    ("search: school (10,000+ hits)", "/search/?q=school"),
    ("search: benchmark article p50", "/search/?q=benchmark+article&page=50"),
    ("search: no results", "/search/?q=zebracrossingqq"),
]


def build_search_index():
    """The bulk inserts (scripts/benchdata.py) send no signals: index them as an operator would."""
    from search.indexing import rebuild
    from search.models import SearchEntry

    start = time.perf_counter()
    rebuild()
    elapsed = time.perf_counter() - start
    print(f"search index: {SearchEntry.objects.count()} entries (built in {elapsed:.1f} s)")


def measure(client, path, repeat):
    client.get(path)  # warm caches, as a running site would be
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    query_count = len(queries)  # now: every request starts by resetting the connection's query log
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return response.status_code, statistics.median(timings), p95, query_count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000, help="extra SEND units to create")
    parser.add_argument("--articles", type=int, default=10_000, help="extra published news articles to create")
    parser.add_argument("--repeat", type=int, default=50, help="requests per route")
    args = parser.parse_args()

    runner = DiscoverRunner(verbosity=0)
    old_config = runner.setup_databases()
    try:
        call_command("seed_site", stdout=io.StringIO())
        start = time.perf_counter()
        add_units(args.units)
        elapsed = time.perf_counter() - start
        print(f"database: {connection.vendor}; units: {SendUnit.objects.count()} (created in {elapsed:.1f} s)")
        start = time.perf_counter()
        add_articles(args.articles)
        elapsed = time.perf_counter() - start
        print(f"news articles: {ArticleContent.objects.published().count()} published (created in {elapsed:.1f} s)")
        build_search_index()
        client = Client()
        print(f"{'route':32} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for name, path in ROUTES:
            status, p50, p95, queries = measure(client, path, args.repeat)
            print(f"{name:32} {status:>6} {p50:>8.1f} {p95:>8.1f} {queries:>8}")
    finally:
        runner.teardown_databases(old_config)


if __name__ == "__main__":
    main()
