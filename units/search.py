"""SEND units in site search: every public unit (not closed). Unit records are not versioned: a save is
live at once, so it reindexes at once."""

from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, reverse

from search.registry import Entry, SearchAdapter, register

from .models import SendUnit

SLUG_MARK = "slug-mark-for-search"


def unit_url_pattern():
    """A unit's address with SLUG_MARK for the slug; the directory's usual path while its apphook page is
    not loaded yet (seeding)."""
    try:
        return reverse("units:detail", kwargs={"slug": SLUG_MARK})
    except NoReverseMatch:
        return f"/send-units/{SLUG_MARK}/"


@register
class UnitAdapter(SearchAdapter):
    kind = "units"
    label = "SEND unit"

    def get_queryset(self, language):
        return SendUnit.objects.public().for_listing().order_by("pk")

    def to_entries(self, items, language):
        url = unit_url_pattern()  # one reverse() for the batch rather than one per unit
        return [(self.key(unit), self.to_entry(unit, language, url)) for unit in items]

    def to_entry(self, unit, language, url=None):
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
            url=(url or unit_url_pattern()).replace(SLUG_MARK, unit.slug),
        )

    def connect(self):
        post_save.connect(self._unit_changed, sender=SendUnit, weak=False)
        post_delete.connect(self._unit_changed, sender=SendUnit, weak=False)

    def _unit_changed(self, sender, instance, **kwargs):
        self.refresh(instance.pk)
