#!/usr/bin/env python
"""Bulk benchmark data: N extra SEND units and M extra published news articles, fast on SQLite and PostgreSQL.

Used by scripts/benchmark.py (in-process timings) and scripts/loadtest.py (HTTP load on the production set-up),
and runnable on its own against the database in DATABASE_URL:

    DJANGO_SETTINGS_MODULE=localoffer.settings.prod ... python scripts/benchdata.py --units 10000 --articles 10000

Everything is inserted with bulk_create in batches (no per-row save, signals or placeholders), in one
transaction, then the tables are ANALYZEd on PostgreSQL: right after a bulk load the planner's statistics
still describe the empty tables, and until autovacuum catches up it picks plans fit for ten rows.
Creating 10,000 + 10,000 rows takes seconds. (What used to take over 13 minutes on PostgreSQL was not the
inserts but the home page's "Latest news" query: an integer/bigint cast in the versioning join that defeated
the index; news/migrations/0002 adds an index on that expression.)
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localoffer.settings.dev")
    import django

    django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from djangocms_versioning.constants import PUBLISHED  # noqa: E402
from djangocms_versioning.models import Version  # noqa: E402

from news.models import Article, ArticleContent, Category  # noqa: E402
from units.models import District, Need, Phase, SendUnit, Status  # noqa: E402

BATCH = 1000


def add_units(count):
    districts = list(District.objects.all())
    needs = list(Need.objects.all())
    phases = [Phase.PRIMARY, Phase.SECONDARY]
    units = [
        SendUnit(
            name=f"Benchmark School {i} SEND unit",
            school_name=f"Benchmark School {i}",
            slug=f"benchmark-school-{i}",
            town=districts[i % len(districts)].name,
            district=districts[i % len(districts)],
            need=needs[i % len(needs)],
            phase=phases[i % 2],
            status=Status.OPEN if i % 5 else Status.PLANNED,
            opening_date=datetime.date(2015 + i % 10, 1 + i % 12, 1),
            description="A specialist base in a mainstream school.",
        )
        for i in range(count)
    ]
    for unit in units:
        unit.search_text = unit.build_search_text()  # what save() would do: bulk_create does not call it
    with transaction.atomic():
        SendUnit.objects.bulk_create(units, batch_size=BATCH)
    analyze(SendUnit)


def add_articles(count):
    """Published articles spread over 2010-2026 and the seeded categories, in bulk (no placeholders)."""
    user = get_user_model().objects.get(username="site-seed")
    categories = list(Category.objects.all())
    start = datetime.datetime(2010, 1, 1, tzinfo=datetime.UTC)
    with transaction.atomic():
        articles = Article.objects.bulk_create(
            [Article(slug=f"benchmark-article-{i}") for i in range(count)], batch_size=BATCH
        )
        through = Article.categories.through
        through.objects.bulk_create(
            [through(article=a, category=categories[i % len(categories)]) for i, a in enumerate(articles)],
            batch_size=BATCH,
        )
        contents = ArticleContent.admin_manager.bulk_create(
            [
                ArticleContent(
                    article=a,
                    title=f"Benchmark article {i}",
                    summary="A benchmark article with a summary of about the usual length for the news list.",
                    publication_date=start + datetime.timedelta(hours=12 * i),
                )
                for i, a in enumerate(articles)
            ],
            batch_size=BATCH,
        )
        content_type = ContentType.objects.get_for_model(ArticleContent)
        Version.objects.bulk_create(
            [
                Version(content_type=content_type, object_id=c.pk, created_by=user, state=PUBLISHED, number="1")
                for c in contents
            ],
            batch_size=BATCH,
        )
    analyze(Article, through, ArticleContent, Version)


def analyze(*models):
    """Fresh planner statistics for the bulk-loaded tables (PostgreSQL; SQLite plans without them)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    begin = time.perf_counter()
    add_units(args.units)
    add_articles(args.articles)
    print(f"benchdata: {args.units} units and {args.articles} articles in {time.perf_counter() - begin:.1f} s")
    # The page cache (if any) must not keep pages rendered before the data existed.
    from localoffer.pagecache import bump_generation

    bump_generation()


if __name__ == "__main__":
    main()
