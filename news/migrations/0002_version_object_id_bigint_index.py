"""An index that lets PostgreSQL join articles to their versions.

ArticleContent has a bigint primary key, djangocms-versioning's Version.object_id is an integer; Django joins
them as `articlecontent.id = version.object_id::bigint`, and the cast hides versioning's own
(content_type, object_id) index. With 10,000 articles every "published" query then scanned the whole version
table once per article: the home page's "Latest news" block took minutes. An index on the same expression
makes it an index lookup again. SQLite compares without a cast and needs nothing.
"""

from django.db import migrations

INDEX = "news_version_ct_object_id_bigint"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON djangocms_versioning_version "
            "(content_type_id, ((object_id)::bigint))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("djangocms_versioning", "0003_version"),  # creates the version table (0001 holds no table of it)
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
