"""Last-modified times for the Open Referral API's `last_modified` and `modified_after`.

Existing districts and needs get the migration's time (their history is not known); existing units keep the time
their record last changed (`updated_at`), so a consumer's next `modified_after` sync does not re-fetch them all.
"""

from django.db import migrations, models
from django.db.models import F


def units_from_updated_at(apps, schema_editor):
    apps.get_model("units", "SendUnit").objects.update(modified_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0003_sendunit_review_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="district",
            name="modified_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="need",
            name="modified_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="sendunit",
            name="modified_at",
            field=models.DateTimeField(auto_now=True, db_index=True),
        ),
        migrations.RunPython(units_from_updated_at, migrations.RunPython.noop, elidable=True),
    ]
