from cms.plugin_base import CMSPluginBase
from cms.plugin_pool import plugin_pool
from django.conf import settings

from .models import Document, ImageBlock


@plugin_pool.register_plugin
class DocumentPlugin(CMSPluginBase):
    """A document to download (GOV.UK attachment pattern): title, type, size and pages, any easy read or
    other version, and how to ask for an accessible format."""

    model = Document
    name = "Document"
    module = "Documents"
    render_template = "documents/includes/document.html"
    text_enabled = False
    cache = True
    fieldsets = [
        (None, {"fields": ["title", "file", "external_url", "publisher"]}),
        (
            "Easy read or other accessible version",
            {"fields": ["alternative_kind", "alternative_file", "alternative_url"]},
        ),
    ]

    def render(self, context, instance, placeholder):
        context = super().render(context, instance, placeholder)
        context["main"] = instance.main_link()
        context["alternative"] = instance.alternative_link()
        context["request_format_email"] = settings.SITE_CONTACT_EMAIL
        return context


@plugin_pool.register_plugin
class ImageBlockPlugin(CMSPluginBase):
    """An image from the media library with its alternative text (or marked decorative) and an optional caption:
    a <figure> with smaller copies for small screens, and width and height so the page does not jump as it loads."""

    model = ImageBlock
    name = "Image"
    module = "Documents"
    render_template = "documents/includes/image_block.html"
    text_enabled = False
    cache = True
    fields = ["image", "alt_text", "decorative", "caption"]

    def render(self, context, instance, placeholder):
        context = super().render(context, instance, placeholder)
        context["picture"] = instance.picture()
        return context
