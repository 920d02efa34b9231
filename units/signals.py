"""Keep SendUnit.search_text right when a district or need is renamed: its words are part of every unit's."""

from django.db.models.signals import post_save

from .models import District, Need, SendUnit


def refresh_search_text(units):
    units = list(units.select_related("district", "need"))
    for unit in units:
        unit.search_text = unit.build_search_text()
    SendUnit.objects.bulk_update(units, ["search_text"], batch_size=1000)


def district_saved(sender, instance, created, **kwargs):
    if not created:
        refresh_search_text(instance.units.all())


def need_saved(sender, instance, created, **kwargs):
    if not created:
        refresh_search_text(SendUnit.objects.filter(need=instance))


def connect():
    post_save.connect(district_saved, sender=District, dispatch_uid="units:district-search-text")
    post_save.connect(need_saved, sender=Need, dispatch_uid="units:need-search-text")
