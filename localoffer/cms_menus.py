from cms.models import PageContent
from menus.base import Modifier
from menus.menu_pool import menu_pool


class PageDescriptionModifier(Modifier):
    """Give page nodes their meta description, so section lists can say what each page is for.

    One query per rendered menu, whatever the number of pages.
    """

    def modify(self, request, nodes, namespace, root_id, post_cut, breadcrumb):
        if post_cut or breadcrumb:
            return nodes
        page_ids = [node.id for node in nodes if node.attr.get("is_page")]
        descriptions = dict(
            PageContent.objects.filter(page_id__in=page_ids, language=request.LANGUAGE_CODE)
            .exclude(meta_description__isnull=True)
            .values_list("page_id", "meta_description")
        )
        for node in nodes:
            if node.attr.get("is_page"):
                node.attr["meta_description"] = descriptions.get(node.id, "")
        return nodes


menu_pool.register_modifier(PageDescriptionModifier)
