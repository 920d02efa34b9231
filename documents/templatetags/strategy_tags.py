from cms.models import PageContent
from django import template

from ..models import StrategyDetails

register = template.Library()


def shown_content(request):
    """The page content being shown: the draft or version the toolbar renders, else the published one."""
    toolbar = getattr(request, "toolbar", None)
    obj = toolbar.get_object() if toolbar is not None else None
    if isinstance(obj, PageContent):
        return obj
    page = getattr(request, "current_page", None)
    return page.get_content_obj(request.LANGUAGE_CODE) if page else None


@register.simple_tag(takes_context=True)
def strategy_details(context):
    """The strategy details of the page being shown, or None (one query)."""
    content = shown_content(context["request"])
    if content is None or not content.pk:
        return None
    return StrategyDetails.objects.select_related("superseded_by").filter(extended_object=content).first()
