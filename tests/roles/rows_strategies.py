"""Strategy or plan details (a page-content extension): changed in a draft, live when the draft is published.

``READ_ONLY_ROWS``: the details of a published version cannot be changed by anyone (tests/test_roles_published.py).
"""

from django.urls import reverse

from documents.models import StrategyDetails
from tests.roles.matrix import DRAFT, LIVE, REFUSED, Row, change_form_data
from tests.roles.pages import fresh, new_draft, page, public_text, published, version_url

EDITOR_REFUSED = {"anonymous": REFUSED, "editor": REFUSED, "publisher": LIVE, "superuser": LIVE}
EDITOR_DRAFT = {"anonymous": REFUSED, "editor": DRAFT, "publisher": DRAFT, "superuser": DRAFT}
NOBODY = {"anonymous": REFUSED, "editor": REFUSED, "publisher": REFUSED, "superuser": REFUSED}
STRATEGY_PATH = "/strategies-and-plans/send-plan-2021-2025/"


def public_strategy(ctx, client):
    """The strategy's own page and the list of strategies, as the public sees them."""
    return public_text(STRATEGY_PATH)(ctx, client), public_text("/strategies-and-plans/")(ctx, client)


def details_of(content):
    return StrategyDetails.objects.filter(extended_object=content).first()


def details_state(content):
    details = details_of(content)
    return None if details is None else (details.status, details.start_year, details.end_year)


def strategy_draft():
    draft = new_draft("send-plan")
    return {"page": page("send-plan"), "draft": draft, "details": details_of(draft)}


def strategy_draft_with_new_status():
    ctx = strategy_draft()
    StrategyDetails.objects.filter(pk=ctx["details"].pk).update(status=StrategyDetails.Status.SUPERSEDED)
    return ctx


def page_draft():
    """A draft of a page that is not a strategy yet."""
    draft = new_draft("about")
    return {"page": page("about"), "draft": draft}


def post_details(client, details, **changes):
    url = reverse("admin:documents_strategydetails_change", args=[details.pk])
    return client.post(url, change_form_data(details, **changes))


def add_details(client, content):
    url = reverse("admin:documents_strategydetails_add") + f"?extended_object={content.pk}"
    return client.post(url, {"kind": "plan", "status": "current", "start_year": 2026, "end_year": 2027})


ROWS = [
    Row(
        "strategy details: change a draft's status and period",
        setup=strategy_draft,
        act=lambda client, ctx: post_details(
            client, ctx["details"], status="superseded", start_year="2020", end_year="2022"
        ),
        public=public_strategy,
        draft=lambda ctx: details_state(ctx["draft"]),
        expect=EDITOR_DRAFT,
    ),
    Row(
        "strategy details: make a draft page a strategy",
        setup=page_draft,
        act=lambda client, ctx: add_details(client, ctx["draft"]),
        public=public_text("/strategies-and-plans/"),
        draft=lambda ctx: details_state(ctx["draft"]),
        expect=EDITOR_DRAFT,
    ),
    Row(
        "strategy details: publish a draft with a new status",
        setup=strategy_draft_with_new_status,
        act=lambda client, ctx: client.post(version_url("publish", ctx["draft"])),
        public=public_strategy,
        draft=lambda ctx: details_state(fresh(ctx["draft"])),
        expect=EDITOR_REFUSED,
    ),
]


def live_strategy():
    content = published("send-plan")
    return {"content": content, "details": details_of(content)}


def live_page():
    return {"content": published("about")}


READ_ONLY_ROWS = [
    Row(
        "strategy details: change a published strategy's status",
        setup=live_strategy,
        act=lambda client, ctx: post_details(client, ctx["details"], status="superseded"),
        public=public_strategy,
        draft=lambda ctx: details_state(ctx["content"]),
        expect=NOBODY,
    ),
    Row(
        "strategy details: make a published page a strategy",
        setup=live_page,
        act=lambda client, ctx: add_details(client, ctx["content"]),
        public=public_text("/strategies-and-plans/"),
        draft=lambda ctx: details_state(ctx["content"]),
        expect=NOBODY,
    ),
]
