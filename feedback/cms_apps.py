from cms.app_base import CMSApp
from cms.apphook_pool import apphook_pool


@apphook_pool.register
class FeedbackApphook(CMSApp):
    name = "Have your say (comment form)"
    app_name = "feedback"

    def get_urls(self, page=None, language=None, **kwargs):
        return ["feedback.urls"]


@apphook_pool.register
class YouSaidWeDidApphook(CMSApp):
    name = "You said, we did (published register)"
    app_name = "you_said_we_did"

    def get_urls(self, page=None, language=None, **kwargs):
        return ["feedback.register_urls"]
