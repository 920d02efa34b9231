import django_filters
from django import forms

from localoffer.forms import PlainSelect
from localoffer.pagecache import remember
from search.synonyms import described

from .models import District, Need, Phase, SendUnit, Status

SORTS = {
    "name": ("Name (A to Z)", ["name"]),
    "town": ("Town (A to Z)", ["town", "name"]),
    "newest": ("Newest first", ["-opening_date", "name"]),
    "oldest": ("Oldest first", ["opening_date", "name"]),
}


def public_towns():
    return list(SendUnit.objects.public().order_by("town").values_list("town", flat=True).distinct())


class SendUnitFilter(django_filters.FilterSet):
    """The directory's GET form. Unknown values are reported as form errors and ignored, never a 500."""

    q = django_filters.CharFilter(method="search", label="Search", max_length=200)
    need = django_filters.ModelChoiceFilter(
        widget=PlainSelect, queryset=Need.objects.all(), to_field_name="slug", empty_label="Any need", label="Need"
    )
    district = django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        queryset=District.objects.all(),
        to_field_name="slug",
        empty_label="Any district",
        label="District",
    )
    town = django_filters.ChoiceFilter(widget=PlainSelect, choices=[], empty_label="Any town", label="Town")
    phase = django_filters.ChoiceFilter(
        widget=PlainSelect, choices=Phase.choices, empty_label="Any phase", label="Phase"
    )
    status = django_filters.ChoiceFilter(
        widget=PlainSelect, choices=Status.choices, empty_label="Any status", label="Status"
    )
    sort = django_filters.ChoiceFilter(
        widget=PlainSelect,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        method="sort_by",
        empty_label=None,
        label="Sort by",
    )

    class Meta:
        model = SendUnit
        fields = ["q", "need", "district", "town", "phase", "status", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        towns = remember("units:towns", public_towns)
        self.filters["town"].extra["choices"] = [(town, town) for town in towns]
        self.form.fields["town"].choices = [("", "Any town"), *((town, town) for town in towns)]
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search", "autocomplete": "off"})
        # "Social communication and interaction (including autism)": the label says what the need covers, from
        # the synonym list; the option values stay the need slugs.
        self.form.fields["need"].label_from_instance = lambda need: described(need.name)

    def search(self, queryset, name, value):
        """Every word, or a synonym of it from search/synonyms.py ("autism", "EHCP"): SendUnitQuerySet.search."""
        return queryset.search(value)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["name"])[1])

    def active_filters(self):
        """(label, value shown, query string without it) for each filter in use: the removable tags."""
        if not self.is_bound:
            return []
        data = self.form.cleaned_data if self.form.is_valid() else {}
        active = []
        for name in ("q", "need", "district", "town", "phase", "status"):
            value = data.get(name)
            if not value:
                continue
            remaining = self.data.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            shown = dict(self.form.fields[name].choices).get(value, value) if name in ("phase", "status") else value
            active.append((self.form.fields[name].label, shown, remaining.urlencode()))
        return active
