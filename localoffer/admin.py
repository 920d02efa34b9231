"""django CMS's page admin, with the checks its page permission flags do not make.

CMS_PERMISSION is on (settings) and localoffer/seed/groups.py gives Editors only the "add" and "edit" page
flags, so django CMS itself refuses them moving, deleting, publishing and the advanced settings. Two admin
views still change what the public sees at once:

- "Set as home" asks only for "edit", yet rewrites the live URLs of the new and the old home page: it needs
  the advanced settings flag on both, like the apphook and reverse id it sits beside.
- The frontend title editor (edit-field) saves into the page's newest content, which is the published one
  when there is no draft: it may only change a draft, like every page content form djangocms-versioning
  guards (for superusers too).
"""

from cms.admin.pageadmin import PageAdmin
from cms.models import Page
from cms.utils import page_permissions
from django.contrib import admin
from django.http import HttpResponseForbidden
from djangocms_versioning.helpers import is_editable

HOME_REFUSED = "Only Publishers can choose the home page: it changes the address of live pages."
NOT_A_DRAFT = (
    "This is the published version of the page, so it cannot be changed here. "
    'Select "Edit" in the toolbar to make a draft, change it there, then publish it.'
)


def can_set_home(user, page):
    current_home = Page.objects.filter(is_home=True, site_id=page.site_id).exclude(pk=page.pk).first()
    pages = [page] if current_home is None else [page, current_home]
    return all(page_permissions.user_can_change_page_advanced_settings(user, p, site=p.site) for p in pages)


def refused_unless_draft(content, request):
    """A 403 saying what to do when ``content`` is not an editable draft; None when it is."""
    if getattr(content, "pk", None) and not is_editable(content, request):
        return HttpResponseForbidden(NOT_A_DRAFT)
    return None


admin.site.unregister(Page)


@admin.register(Page)
class LocalOfferPageAdmin(PageAdmin):
    def actions_menu(self, request, object_id, extra_context=None):
        # The page tree's actions menu uses "has_change_permission" only to offer "Set as home".
        page = self.get_object(request, object_id=object_id)
        if page is not None:
            extra_context = {**(extra_context or {}), "has_change_permission": can_set_home(request.user, page)}
        return super().actions_menu(request, object_id, extra_context)

    def set_home(self, request, object_id):
        page = self.get_object(request, object_id=object_id)
        if page is not None and request.method == "POST" and not can_set_home(request.user, page):
            return HttpResponseForbidden(HOME_REFUSED)
        return super().set_home(request, object_id)

    def edit_title_fields(self, request, page_id, language):
        page = self.get_object(request, object_id=page_id)
        content = page.get_admin_content(language) if page is not None else None
        return refused_unless_draft(content, request) or super().edit_title_fields(request, page_id, language)
