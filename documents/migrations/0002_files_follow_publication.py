"""Files follow what is published (documents/visibility.py).

- Publishers get "publish_file": change files that published content uses, and mark files public.

- Every existing media-library file was public by filer's old default, not by anyone's choice: it becomes
  "not marked public", so it is downloadable only while published content uses it. Only the flag changes: the
  stored files stay where they are (filer's public and private storages share one root, documents/storage.py),
  so no file is moved or copied.
- An index on filer_file.file: /files/<stored name> finds the file by that name on every request.
"""

from django.db import migrations

INDEX = "documents_filer_file_name_idx"


def not_public_by_default(apps, schema_editor):
    apps.get_model("filer", "File").objects.filter(is_public=True).update(is_public=False)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("filer", "0018_alter_file_options"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="filefacts",
            options={
                "permissions": [
                    ("publish_file", "Can change files used by published content and mark files public")
                ],
                "verbose_name": "file facts",
                "verbose_name_plural": "file facts",
            },
        ),
        migrations.RunPython(not_public_by_default, migrations.RunPython.noop),
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON filer_file (file)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
