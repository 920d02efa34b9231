from cms.extensions.toolbar import ExtensionToolbar
from cms.toolbar_pool import toolbar_pool

from .models import StrategyDetails


@toolbar_pool.register
class StrategyDetailsToolbar(ExtensionToolbar):
    """Page → "Strategy or plan details": makes the page a strategy or plan, or edits its details."""

    model = StrategyDetails

    def populate(self):
        current_page_menu = self._setup_extension_toolbar()
        if not current_page_menu:
            return
        extension, url = self.get_page_content_extension_admin()
        if url:
            current_page_menu.add_modal_item(
                "Strategy or plan details", url=url, disabled=not self.toolbar.edit_mode_active, position=0
            )
