"""Staff triage. The visitor's own words are read-only; only Publishers may put an entry in the register."""

from django import forms
from django.contrib import admin

from .models import Status, Submission, Theme

PUBLISH_PERMISSION = "feedback.publish_submission"
RAW_FIELDS = [
    "created_at",
    "about",
    "page_path",
    "unit",
    "role",
    "comment",
    "name",
    "email",
    "reply_consent",
    "publish_consent",
    "notified_at",
    "personal_data_removed_at",
    "is_example",
]


class SubmissionAdminForm(forms.ModelForm):
    class Meta:
        model = Submission
        fields = ["status", "theme", "you_said", "we_did", "action_status", "response_date", "staff_notes"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        was_published = self.instance.pk and self.initial.get("status") == Status.PUBLISHED
        can_publish = self.user is not None and self.user.has_perm(PUBLISH_PERMISSION)
        if (status == Status.PUBLISHED or was_published) and not can_publish and self.has_changed():
            raise forms.ValidationError(
                "Only members of the Publishers group can publish an entry in the 'You said, we did' register, "
                "or change one that is published. Set the status to 'Responded' and ask a publisher to publish it."
            )
        if status == Status.PUBLISHED:
            if not self.instance.publish_consent:
                self.add_error(
                    "status", "This person did not agree to an anonymised version being published. Do not publish it."
                )
            for field, message in [
                ("you_said", "Write an anonymised 'You said' summary before publishing"),
                ("we_did", "Write the 'We did' response before publishing"),
                ("response_date", "Enter the date of our response before publishing"),
                ("theme", "Choose a theme before publishing"),
            ]:
                if not cleaned.get(field):
                    self.add_error(field, message)
        return cleaned


class NotifiedFilter(admin.SimpleListFilter):
    title = "staff notified by email"
    parameter_name = "notified"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No (still queued, sending failed, or no address set)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(notified_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(notified_at__isnull=True)
        return queryset


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    form = SubmissionAdminForm
    list_display = ["__str__", "created_at", "about", "role", "status", "theme", "short_comment", "wants_reply"]
    list_filter = ["status", "about", "role", "theme", "action_status", "publish_consent", NotifiedFilter, "is_example"]
    search_fields = ["comment", "you_said", "we_did", "page_path", "name", "email", "staff_notes"]
    list_select_related = ["theme"]
    date_hierarchy = "created_at"
    readonly_fields = RAW_FIELDS
    fieldsets = [
        (
            "What they sent (never published as it is)",
            {"fields": ["created_at", "about", "page_path", "unit", "role", "comment", "publish_consent"]},
        ),
        ("Reply", {"fields": ["name", "email", "reply_consent", "personal_data_removed_at", "notified_at"]}),
        ("Triage", {"fields": ["status", "theme", "staff_notes", "is_example"]}),
        (
            "For the register (anonymised)",
            {"fields": ["you_said", "we_did", "action_status", "response_date"]},
        ),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class FormWithUser(form_class):
            def __init__(self, *args, **form_kwargs):
                form_kwargs["user"] = request.user
                super().__init__(*args, **form_kwargs)

        return FormWithUser

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL cannot compare text with NUL characters: drop them rather than fail.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def has_add_permission(self, request):
        return False  # comments come from the public form only

    @admin.display(description="comment")
    def short_comment(self, obj):
        return obj.comment if len(obj.comment) <= 80 else obj.comment[:79] + "…"

    @admin.display(description="wants a reply", boolean=True)
    def wants_reply(self, obj):
        return bool(obj.email and obj.reply_consent)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
