from django import template

from ..models import PageReview

register = template.Library()


@register.simple_tag(takes_context=True)
def page_last_reviewed(context):
    """The day the current CMS page was last reviewed, or None: one query, whatever the page holds."""
    request = context.get("request")
    page = getattr(request, "current_page", None)
    if page is None or page.pk is None:
        return None
    return PageReview.objects.filter(extended_object_id=page.pk).values_list("last_reviewed", flat=True).first()
