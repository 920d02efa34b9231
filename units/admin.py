from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin

from localoffer.csvsafe import SafeCSV

from .models import District, Figure, Need, SendUnit, Status


class NameWidget(widgets.ForeignKeyWidget):
    """Match a managed-list entry by name, with an error staff can act on."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            names = ", ".join(self.model.objects.values_list("name", flat=True))
            raise ValueError(f"Unknown {self.model._meta.verbose_name} '{value}'. Use one of: {names}.") from None


class SendUnitResource(resources.ModelResource):
    """CSV columns for import and export. Districts and needs are matched by name; unknown names are row
    errors. Rows are matched to existing units by slug."""

    district = fields.Field(attribute="district", column_name="district", widget=NameWidget(District, field="name"))
    need = fields.Field(attribute="need", column_name="need", widget=NameWidget(Need, field="name"))

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

    def import_data(self, dataset, **kwargs):
        # One bad row means the file is wrong: save none of it, whoever calls the import.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)


@admin.register(SendUnit)
class SendUnitAdmin(ImportExportModelAdmin):
    resource_classes = [SendUnitResource]
    import_formats = [SafeCSV]  # the shared formula-safe writer (localoffer/csvsafe.py); imports undo it
    export_formats = [SafeCSV]
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
        ("Checking", {"fields": ["last_checked", "review_by"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.status == Status.OPEN and obj.places is None:
            # A warning, not an error: an unknown number of places is a fact staff may have to record.
            messages.warning(
                request,
                f"“{obj.name}” is open but its number of places is not known. Until every open unit's places "
                "are known, the directory headline takes the number of places from Figures (“Places in open "
                "units”), and says so: check that figure is still right, or add this unit's places.",
            )

    def has_import_permission(self, request):
        # Settings ask for "change" (IMPORT_EXPORT_IMPORT_PERMISSION_CODE); an import also adds units.
        return super().has_import_permission(request) and self.has_add_permission(request)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The confirm step. Its file waits in temporary storage since the preview: if it has gone (or the
        form was tampered with), say so and start again, rather than fail."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        problem = self.confirm_problem(request)
        if problem:
            messages.error(request, problem)
            return HttpResponseRedirect(reverse("admin:units_sendunit_import"))
        return super().process_import(request, **kwargs)

    def confirm_problem(self, request):
        form = self.create_confirm_form(request)
        if not form.is_valid():
            return "The import could not be confirmed: its details were missing. Choose the file and import it again."
        formats = self.get_import_formats()
        index = form.cleaned_data["format"]
        if not (index.isascii() and index.isdigit() and int(index) < len(formats)):
            return "The import could not be confirmed: unknown file format. Choose the file and import it again."
        file_format = formats[int(index)]
        storage = self.get_tmp_storage_class()(
            name=form.cleaned_data["import_file_name"],
            read_mode=file_format().get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            storage.read()
        except (OSError, SuspiciousFileOperation):
            return (
                "The uploaded file is no longer waiting to be imported (it was already imported, or the preview "
                "is too old). Nothing was changed. Choose the file and import it again."
            )
        return None


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
