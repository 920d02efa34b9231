from django.contrib import admin
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin

from .models import District, Figure, Need, SendUnit


class SendUnitResource(resources.ModelResource):
    """CSV columns for import and export. Districts and needs are matched by name; unknown names are row
    errors. Rows are matched to existing units by slug."""

    district = fields.Field(
        attribute="district", column_name="district", widget=widgets.ForeignKeyWidget(District, field="name")
    )
    need = fields.Field(attribute="need", column_name="need", widget=widgets.ForeignKeyWidget(Need, field="name"))

    class Meta:
        model = SendUnit
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "school_name",
            "urn",
            "address",
            "town",
            "postcode",
            "district",
            "latitude",
            "longitude",
            "phase",
            "age_range",
            "need",
            "places",
            "status",
            "opening_date",
            "expected_opening",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
            "description",
            "last_checked",
        ]
        export_order = fields
        clean_model_instances = True  # run full_clean(): the same validation as the admin form
        use_transactions = True  # any error: nothing from the file is saved
        skip_unchanged = True
        report_skipped = True


@admin.register(SendUnit)
class SendUnitAdmin(ImportExportModelAdmin):
    resource_classes = [SendUnitResource]
    list_display = ["name", "town", "district", "need", "phase", "status", "opening_date", "places", "last_checked"]
    list_filter = ["status", "phase", "need", "district"]
    search_fields = ["name", "school_name", "town", "postcode", "urn"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "opening_date"
    list_select_related = ["district", "need"]
    fieldsets = [
        (None, {"fields": ["name", "school_name", "slug", "urn", "description"]}),
        ("Where", {"fields": ["address", "town", "postcode", "district", "latitude", "longitude"]}),
        ("Who it is for", {"fields": ["phase", "age_range", "need", "places"]}),
        ("Status", {"fields": ["status", "opening_date", "expected_opening"]}),
        ("Contact", {"fields": ["contact_name", "contact_email", "contact_phone", "website"]}),
        ("Checking", {"fields": ["last_checked"]}),
    ]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["name", "broad_area"]
    list_filter = ["broad_area"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["kind", "value", "period", "as_of", "source"]
