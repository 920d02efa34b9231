import calendar

from django.db import migrations, models
from django.utils import timezone

REVIEW_MONTHS = 6


def six_months_after(day):
    """freshness.dates.next_review, frozen here: migrations must not depend on code that may change."""
    month_index = day.month - 1 + REVIEW_MONTHS
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def fill_review_by(apps, schema_editor):
    """Existing units: six months after their last check or, never checked, after their record last changed."""
    SendUnit = apps.get_model("units", "SendUnit")
    units = list(SendUnit.objects.filter(review_by__isnull=True).only("pk", "last_checked", "updated_at"))
    for unit in units:
        unit.review_by = six_months_after(unit.last_checked or timezone.localdate(unit.updated_at))
    SendUnit.objects.bulk_update(units, ["review_by"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0002_sendunit_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="sendunit",
            name="review_by",
            field=models.DateField(
                blank=True,
                db_index=True,
                help_text="When these details must next be checked. Left empty, it is set to six months after the "
                "last check (or after the unit is added); a new check date moves it on.",
                null=True,
            ),
        ),
        migrations.RunPython(fill_review_by, migrations.RunPython.noop),
    ]
