import django_filters

from localoffer.forms import PlainSelect

from .models import StrategyDetails


class StrategyFilter(django_filters.FilterSet):
    """The list's GET form: a shareable address. An unknown status is reported and ignored, never a 500."""

    status = django_filters.ChoiceFilter(
        widget=PlainSelect, choices=StrategyDetails.Status.choices, empty_label="Any status", label="Status"
    )

    class Meta:
        model = StrategyDetails
        fields = ["status"]
