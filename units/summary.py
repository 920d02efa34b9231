"""The directory's headline ("9 SEND units are open for up to 144 children; 4 more are due to open"),
computed from the unit records where they can say it, and from the staff-kept figures where they cannot."""

from dataclasses import dataclass

from .models import Figure, SendUnit


@dataclass(frozen=True)
class Summary:
    open_units: int
    open_places: int | None
    due_units: int | None
    due_period: str
    new_places: Figure | None
    under_consideration: Figure | None


def directory_summary():
    counts = SendUnit.objects.summary()
    figures = {figure.kind: figure for figure in Figure.objects.all()}

    # Unit records give the total only when every open unit's places are known.
    if counts["open_units"] and counts["open_units_with_places"] == counts["open_units"]:
        open_places = counts["open_places"]
    else:
        open_places = getattr(figures.get(Figure.Kind.OPEN_PLACES), "value", None)

    due_figure = figures.get(Figure.Kind.DUE_TO_OPEN)
    if counts["due_units"]:
        due_units, due_period = counts["due_units"], ""
    else:
        due_units = getattr(due_figure, "value", None)
        due_period = getattr(due_figure, "period", "")

    return Summary(
        open_units=counts["open_units"],
        open_places=open_places,
        due_units=due_units,
        due_period=due_period,
        new_places=figures.get(Figure.Kind.NEW_PLACES),
        under_consideration=figures.get(Figure.Kind.UNDER_CONSIDERATION),
    )
