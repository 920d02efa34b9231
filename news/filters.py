import django_filters

from localoffer.forms import PlainSelect

from .models import ArticleContent, Category


class ArticleFilter(django_filters.FilterSet):
    """The news list's GET form: shareable URLs. Unknown values are reported and ignored, never a 500."""

    category = django_filters.ModelChoiceFilter(
        widget=PlainSelect,
        queryset=Category.objects.all(),
        to_field_name="slug",
        field_name="article__categories",
        empty_label="All categories",
        label="Category",
    )
    year = django_filters.ChoiceFilter(
        widget=PlainSelect, choices=[], method="filter_year", empty_label="Any year", label="Year"
    )

    class Meta:
        model = ArticleContent
        fields = ["category", "year"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(year), str(year)) for year in years]
        self.filters["year"].extra["choices"] = choices
        self.form.fields["year"].choices = [("", "Any year"), *choices]

    def filter_year(self, queryset, name, value):
        return queryset.filter(publication_date__year=int(value))
