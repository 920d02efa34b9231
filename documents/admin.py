from cms.extensions import PageContentExtensionAdmin
from cms.models import PageContent
from django.contrib import admin, messages
from django.http import Http404
from django.template.response import TemplateResponse
from djangocms_versioning.constants import DRAFT
from djangocms_versioning.models import Version

from . import filer_admin  # noqa: F401  (the media library, guarded: documents/filer_admin.py)
from .models import StrategyDetails

NOT_A_DRAFT = (
    "These are the details of the {state} version of the page, so they cannot be changed. "
    'Select "Edit" (or "New draft") in the toolbar to make a draft, change the details there, then publish it.'
)


def content_state(content):
    """The version state of a page content ("draft", "published", …); None for content with no version."""
    try:
        return Version.objects.get_for_content(content).state
    except Version.DoesNotExist:
        return None


@admin.register(StrategyDetails)
class StrategyDetailsAdmin(PageContentExtensionAdmin):
    """Opened from the CMS toolbar (Page → Strategy or plan details) on the page being edited.

    The details are part of a page version (a signal copies them into each new draft): like the page's
    blocks, they change only in a draft and reach the public when a Publisher publishes it. The published
    and archived versions' details are read-only, for Publishers too.
    """

    fields = ["kind", "status", "start_year", "end_year", "last_updated", "feedback_contact", "superseded_by"]
    autocomplete_fields = []
    change_form_template = add_form_template = "admin/documents/strategydetails/change_form.html"

    def add_view(self, request, form_url="", extra_context=None):
        content = self.content_from_request(request)
        if content_state(content) != DRAFT:
            return self.refused(request, content)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        details = self.get_object(request, object_id)
        state = content_state(details.extended_object) if details is not None else DRAFT
        if state != DRAFT:
            if request.method == "POST":
                return self.refused(request, details.extended_object)
            messages.warning(request, NOT_A_DRAFT.format(state=state))
        return super().change_view(request, object_id, form_url, extra_context)

    def has_change_permission(self, request, obj=None):
        # Without change permission the admin shows the details read-only, with no Save button.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or content_state(obj.extended_object) == DRAFT)

    def content_from_request(self, request):
        """The page content named by ?extended_object=, as the toolbar links to it; 404 for a bad id."""
        content_id = request.GET.get("extended_object", "")
        content = None
        if content_id.isascii() and content_id.isdigit():
            content = PageContent.admin_manager.filter(pk=content_id).select_related("page").first()
        if content is None:
            raise Http404("No page matches this link: open the page and use the toolbar again.")
        return content

    def refused(self, request, content):
        context = {
            **self.admin_site.each_context(request),
            "title": "Strategy or plan details cannot be changed here",
            "message": NOT_A_DRAFT.format(state=content_state(content) or "unversioned"),
            "opts": self.opts,
            "page_content": content,
        }
        return TemplateResponse(request, "admin/documents/strategydetails/refused.html", context, status=403)
