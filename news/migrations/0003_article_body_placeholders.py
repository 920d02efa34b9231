"""Every existing article version gets its "body" placeholder, so Structure mode lists "Body" with its "+"
for articles written before the article template declared it (the CMS would otherwise create it lazily on
the first render, and only for versions someone opens)."""

from django.db import migrations

BODY_SLOT = "body"


def add_body_placeholders(apps, schema_editor):
    ArticleContent = apps.get_model("news", "ArticleContent")
    Placeholder = apps.get_model("cms", "Placeholder")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="news", model="articlecontent")
    # (No NULL ids in the subquery: NOT IN with a NULL matches nothing.)
    with_body = Placeholder.objects.filter(
        content_type=content_type, slot=BODY_SLOT, object_id__isnull=False
    ).values_list("object_id", flat=True)
    # (_base_manager: every version, whatever manager the model declares.)
    missing = ArticleContent._base_manager.exclude(pk__in=with_body).values_list("pk", flat=True)
    Placeholder.objects.bulk_create(
        [Placeholder(slot=BODY_SLOT, content_type=content_type, object_id=pk) for pk in missing.iterator()]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_version_object_id_bigint_index"),
        ("cms", "0045_pageurl_site_unique_path"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_body_placeholders, migrations.RunPython.noop)]
