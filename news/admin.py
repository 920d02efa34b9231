from cms.admin.utils import GrouperModelAdmin
from django import forms
from django.contrib import admin

from .models import Article, ArticleContent, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["slug", "categories"]
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
    djangocms-versioning adds the state column and the Edit/Publish actions (cms_config: grouper admin mixin)."""

    form = ArticleForm
    content_model = ArticleContent
    grouper_field_name = "article"
    list_display = ["content__title", "slug", "content__publication_date", "admin_list_actions"]
    list_filter = ["categories"]
    search_fields = ["slug", "contents__title"]
    fieldsets = [
        (None, {"fields": ["content__title", "slug", "content__summary", "categories"]}),
        ("Dates", {"fields": ["content__publication_date", "content__updated_date", "content__update_note"]}),
        ("Image", {"fields": ["content__image", "content__image_alt"]}),
    ]
