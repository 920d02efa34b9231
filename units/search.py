"""SEND units in site search: every public unit (not closed). Unit records are not versioned: a save is
live at once, so it reindexes at once."""

from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch

from search.registry import Entry, SearchAdapter, register

from .models import SendUnit


def unit_url(unit):
    """The unit's address; the directory's usual path while its apphook page is not loaded yet (seeding)."""
    try:
        return unit.get_absolute_url()
    except NoReverseMatch:
        return f"/send-units/{unit.slug}/"


@register
class UnitAdapter(SearchAdapter):
    kind = "units"
    label = "SEND unit"

    def get_queryset(self, language):
        return SendUnit.objects.public().for_listing().order_by("pk")

    def to_entry(self, unit, language):
        facts = [
            unit.school_name,
            unit.town,
            unit.postcode,
            f"{unit.district.name} district",
            unit.need.name,
            unit.get_phase_display(),
            unit.age_range,
            unit.get_status_display(),
        ]
        return Entry(
            title=unit.name,
            summary=unit.description,
            body=" ".join(fact for fact in facts if fact),
            url=unit_url(unit),
        )

    def connect(self):
        post_save.connect(self._unit_changed, sender=SendUnit, weak=False)
        post_delete.connect(self._unit_changed, sender=SendUnit, weak=False)

    def _unit_changed(self, sender, instance, **kwargs):
        self.refresh(instance.pk)
