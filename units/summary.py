"""The directory's headline ("9 SEND units are open for up to 144 children; 4 more are due to open"),
computed from the unit records where they can say it, and from the staff-kept figures where they cannot.

The two sources are never mixed in one sentence: the headline counts the unit records only; when the records
cannot give the places (not every open unit's places are known) or the units due to open (none recorded), the
Partnership's published figure is shown on its own, with its source and date, so "10 units are open for up
to 144 children" can never appear after a tenth unit is added without its places.
"""

from dataclasses import dataclass

from .models import Figure, SendUnit


@dataclass(frozen=True)
class Summary:
    open_units: int
    open_places: int | None  # from the unit records: None unless every open unit's places are known
    due_units: int  # from the unit records
    places_figure: Figure | None  # the published figure, shown instead when the records cannot give places
    due_figure: Figure | None  # the published figure, shown instead when no unit is recorded as due to open
    new_places: Figure | None
    under_consideration: Figure | None

    @property
    def uses_figures(self):
        return self.places_figure is not None or self.due_figure is not None


def places_known(counts):
    """Unit records give the total only when every open unit's places are known."""
    return bool(counts["open_units"]) and counts["open_units_with_places"] == counts["open_units"]


def directory_summary():
    counts = SendUnit.objects.summary()
    figures = {figure.kind: figure for figure in Figure.objects.all()}
    known = places_known(counts)
    return Summary(
        open_units=counts["open_units"],
        open_places=counts["open_places"] if known else None,
        due_units=counts["due_units"],
        places_figure=None if known else figures.get(Figure.Kind.OPEN_PLACES),
        due_figure=None if counts["due_units"] else figures.get(Figure.Kind.DUE_TO_OPEN),
        new_places=figures.get(Figure.Kind.NEW_PLACES),
        under_consideration=figures.get(Figure.Kind.UNDER_CONSIDERATION),
    )
