"""Shared helpers for the page, plugin and strategy rows: seeded pages, drafts, and the admin URLs they use."""

from cms.models import Page, PageContent
from django.contrib.auth import get_user_model
from django.urls import reverse
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.models import Version

DRAFT_WORDS = "Words only the draft has"


def setup_user():
    """Who makes a row's objects: a superuser of its own, so setup never depends on the role being tried."""
    user, _ = get_user_model().objects.get_or_create(
        username="matrix-setup", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def page(reverse_id):
    return Page.objects.get(reverse_id=reverse_id)


def published(reverse_id):
    """The published content of a seeded page (PageContent.objects only sees published content)."""
    return PageContent.objects.get(page__reverse_id=reverse_id, language="en")


def version_of(content):
    return Version.objects.get_for_content(content)


def new_draft(reverse_id):
    """What "Edit" does on a published page: a draft copied from the published version."""
    return version_of(published(reverse_id)).copy(setup_user()).content


def drafts_of(page_obj):
    return Version.objects.filter_by_grouper(page_obj).filter(state=DRAFT)


def fresh(content):
    return PageContent.admin_manager.get(pk=content.pk)


def text_plugin(content):
    placeholder = content.get_placeholders().get(slot="content")
    return placeholder.get_plugins("en").filter(plugin_type="TextPlugin").order_by("position").first()


def placeholder_plugins(content, slot="content"):
    """What a placeholder holds, in order: (type, position, text), to compare before and after."""
    placeholder = content.get_placeholders().get(slot=slot)
    result = []
    for plugin in placeholder.get_plugins("en").order_by("position"):
        bound = plugin.get_bound_plugin()
        result.append((plugin.plugin_type, plugin.position, getattr(bound, "body", "")))
    return result


def version_url(action, content):
    return reverse(f"admin:djangocms_versioning_pagecontentversion_{action}", args=[version_of(content).pk])


def page_settings_data(content, **changes):
    """The page settings form (PageContent change form) as it stands, with ``changes`` applied."""
    data = {
        "title": content.title,
        "slug": content.slug,
        "template": content.template,
        "page_title": content.page_title or "",
        "meta_description": content.meta_description or "",
        "overwrite_url": content.overwrite_url or "",
        "redirect": content.redirect or "",
        "menu_title": content.menu_title or "",
        "limit_visibility_in_menu": content.limit_visibility_in_menu or "",
        "xframe_options": content.xframe_options,
    }
    if content.soft_root:
        data["soft_root"] = "on"
    data.update(changes)
    return data


def add_plugin_url(content, slot="content", plugin_type="TextPlugin", position=1):
    placeholder = content.get_placeholders().get(slot=slot)
    query = f"placeholder_id={placeholder.pk}&plugin_type={plugin_type}&plugin_language=en&plugin_position={position}"
    return placeholder_url("add_plugin") + "&" + query


def placeholder_url(view, *args):
    """A placeholder admin URL, with the page the toolbar sends it from (django CMS asks for ``cms_path``)."""
    return reverse(f"admin:cms_placeholder_{view}", args=args) + "?cms_path=/"


def body(response):
    return response.content.decode() if response.status_code == 200 else ""


def public_text(path):
    """What the public sees at ``path``: the status, and the body when it is a page."""

    def read(ctx, client):
        response = client.get(path)
        return response.status_code, body(response)

    return read


def advanced_settings_data(page_obj, **changes):
    """The advanced settings form of a page as it stands, with ``changes`` applied.

    Like matrix.change_form_data, but django CMS caches permissions per user, so the form is built for a
    saved superuser.
    """
    from django.contrib import admin
    from django.test import RequestFactory

    model_admin = admin.site._registry[Page]
    request = RequestFactory().get("/")
    request.user = setup_user()
    form = model_admin.get_form(request, page_obj)(instance=page_obj)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(item) for item in value] if isinstance(value, list | tuple) else str(value)
    data.update(inline_management_data(model_admin, request, page_obj))
    data.update(changes)
    return data


def inline_management_data(model_admin, request, obj):
    """Empty inline formsets (a superuser's advanced settings include the page permission inlines), with the
    prefixes the admin gives them."""
    data, seen = {}, {}
    for formset_class, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset_class.get_default_prefix()
        seen[prefix] = seen.get(prefix, 0) + 1
        if seen[prefix] > 1:
            prefix = f"{prefix}-{seen[prefix]}"
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data
