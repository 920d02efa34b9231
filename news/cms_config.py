from cms.app_base import CMSAppConfig
from django.shortcuts import render
from djangocms_versioning.datastructures import VersionableItem, default_copy

from .models import ArticleContent


def render_article(request, content):
    """What the toolbar's edit and preview endpoints show: the article page, for any version."""
    from .views import article_context

    return render(request, content.get_template(), article_context(content))


def copy_article_content(original):
    """A new draft from an existing version: every field and the body placeholder with its plugins.
    (Categories belong to the Article, so every version shares them.)"""
    return default_copy(original)


class NewsCMSConfig(CMSAppConfig):
    cms_enabled = True
    # Edit, Structure and Preview on the toolbar, as for pages; the third item names the grouper field.
    cms_toolbar_enabled_models = [(ArticleContent, render_article, "article")]
    djangocms_versioning_enabled = True
    versioning = [
        VersionableItem(
            content_model=ArticleContent,
            grouper_field_name="article",
            copy_function=copy_article_content,
            grouper_admin_mixin="__default__",
        )
    ]
