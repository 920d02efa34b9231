from cms.app_base import CMSApp
from cms.apphook_pool import apphook_pool


@apphook_pool.register
class StrategiesApphook(CMSApp):
    name = "Strategies and plans"
    app_name = "strategies"

    def get_urls(self, page=None, language=None, **kwargs):
        return ["documents.urls"]
