from cms.extensions.toolbar import ExtensionToolbar
from cms.toolbar_pool import toolbar_pool

from .models import StrategyDetails

STRATEGY_TEMPLATE = "strategy.html"


@toolbar_pool.register
class StrategyDetailsToolbar(ExtensionToolbar):
    """Page → "Strategy or plan details": makes the page a strategy or plan, or edits its details."""

    model = StrategyDetails

    def populate(self):
        current_page_menu = self._setup_extension_toolbar()
        if not current_page_menu:
            return
        extension, url = self.get_page_content_extension_admin()
        # Only on strategy pages; a page whose template was changed keeps the item while it has details,
        # so they can still be seen and corrected.
        if url and (extension is not None or self.page_content.get_template() == STRATEGY_TEMPLATE):
            current_page_menu.add_modal_item(
                "Strategy or plan details", url=url, disabled=not self.toolbar.edit_mode_active, position=0
            )
