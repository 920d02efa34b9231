"""Keep units right when their district or need changes: SendUnit.search_text (a rename changes the words of
every unit in it) and SendUnit.modified_at (the Open Referral API shows the district and need inside each
service, so their change is a change of those services for `modified_after`)."""

from django.db.models.signals import post_save
from django.utils import timezone

from .models import District, Need, SendUnit


def refresh_units(units):
    now = timezone.now()
    units = list(units.select_related("district", "need"))
    for unit in units:
        unit.search_text = unit.build_search_text()
        unit.modified_at = now
    SendUnit.objects.bulk_update(units, ["search_text", "modified_at"], batch_size=1000)


def district_saved(sender, instance, created, **kwargs):
    if not created:
        refresh_units(instance.units.all())


def need_saved(sender, instance, created, **kwargs):
    if not created:
        refresh_units(SendUnit.objects.filter(need=instance))


def connect():
    post_save.connect(district_saved, sender=District, dispatch_uid="units:district-search-text")
    post_save.connect(need_saved, sender=Need, dispatch_uid="units:need-search-text")
