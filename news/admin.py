from cms.admin.utils import GrouperModelAdmin
from django import forms
from django.contrib import admin
from django.db.models import F

from .models import PUBLISH_PERMISSION, Article, ArticleContent, Category

# The fields of the Article itself (the grouper), shared by every version and not versioned: a change to them is
# public at once. Every field of ArticleForm that is not a content field ("content__...") is one of them.
ARTICLE_FIELDS = ["slug", "categories"]
LIVE_ARTICLE_NOTICE = (
    "This article has been published, so its address and categories are live: every version shares them and a "
    "change would reach the public at once, without a Publisher. Only Publishers can change them; ask one if "
    "they need to change. You can still change the title, summary, dates and image of the draft."
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ARTICLE_FIELDS
        widgets = {"categories": forms.CheckboxSelectMultiple}

    def clean(self):
        # The content fields sit in this form (GrouperModelAdmin), so the rules of ArticleContent.clean() are
        # checked here, where the editor sees them.
        data = super().clean()
        if data.get("content__image") and not (data.get("content__image_alt") or "").strip():
            self.add_error("content__image_alt", "Describe the image for people who cannot see it.")
        if data.get("content__update_note") and not data.get("content__updated_date"):
            self.add_error("content__updated_date", "Give the date of the update the note describes.")
        return data


@admin.register(Article)
class ArticleAdmin(GrouperModelAdmin):
    """One form for an article: its address and categories, and the fields of the current version.
    djangocms-versioning adds the state column and the Edit/Publish actions (cms_config: grouper admin mixin).

    The address and categories belong to the Article, which is not versioned: once the article has been
    published only Publishers may change them (``article_fields_locked``); Editors see them read-only with
    LIVE_ARTICLE_NOTICE."""

    form = ArticleForm
    content_model = ArticleContent
    grouper_field_name = "article"
    list_display = ["content__title", "slug", "content__publication_date", "admin_list_actions"]
    list_filter = ["categories"]
    search_fields = ["content__title", "slug"]
    fieldsets = [
        (None, {"fields": ["content__title", "slug", "content__summary", "categories"]}),
        ("Dates", {"fields": ["content__publication_date", "content__updated_date", "content__update_note"]}),
        ("Image", {"fields": ["content__image", "content__image_alt"]}),
    ]

    def get_ordering(self, request):
        # Newest first, as the public list: by the date of the latest version (annotated by the grouper admin as
        # "content__publication_date"), then the newest article. An F() rather than a name: the admin orders the
        # queryset before the annotation is added, and resolves expressions only when the query runs.
        return [F("content__publication_date").desc(nulls_last=True), "-created"]

    def get_prepopulated_fields(self, request, obj=None):
        # On "Add article" only: the address follows the title as it is typed. Django never prepopulates on a
        # change form, so an existing address is never rewritten behind the editor's back.
        # (Set here, not in ``prepopulated_fields``: the admin checks want model fields on both sides.)
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return {"slug": ["content__title"]}

    def article_fields_locked(self, request, obj):
        return obj is not None and not request.user.has_perm(PUBLISH_PERMISSION) and obj.has_been_published()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self.article_fields_locked(request, obj):
            fields += [field for field in ARTICLE_FIELDS if field not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        if not self.article_fields_locked(request, obj):
            return super().get_fieldsets(request, obj)
        # The live address and categories in a section of their own that says why they cannot be changed.
        fieldsets = [
            (name, {**options, "fields": [field for field in options["fields"] if field not in ARTICLE_FIELDS]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        return [("Address and categories", {"fields": ARTICLE_FIELDS, "description": LIVE_ARTICLE_NOTICE}), *fieldsets]
