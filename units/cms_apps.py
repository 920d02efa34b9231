from cms.app_base import CMSApp
from cms.apphook_pool import apphook_pool


@apphook_pool.register
class UnitsApphook(CMSApp):
    name = "SEND unit directory"
    app_name = "units"

    def get_urls(self, page=None, language=None, **kwargs):
        return ["units.urls"]
