"""Partnership news: the article admin (the Article grouper and its versions), publishing, and the blocks of an
article's body. Article versions are drafts until a Publisher publishes them; the Article itself (address and
categories) is not versioned, so once an article has been published only Publishers change it. A published
version's body cannot be changed by anyone (djangocms-versioning): those requests are refused to every role,
which tests/test_article_body.py checks, as a row must name a role that gets through."""

from cms.models import CMSPlugin, Placeholder
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.models import Version

from localoffer.seed.pages import seed_user
from news.models import Article, ArticleContent, Category
from tests.factories_images import filer_image
from tests.roles.matrix import DRAFT, LIVE, REFUSED, Row, change_form_data, page_text, status_of

SLUG = "send-plan-2021-2025-approved"
PATH = f"/news/{SLUG}/"
EVERYONE_BUT_ANONYMOUS_DRAFTS = {"anonymous": REFUSED, "editor": DRAFT, "publisher": DRAFT, "superuser": DRAFT}
PUBLISHERS_ONLY = {"anonymous": REFUSED, "editor": REFUSED, "publisher": LIVE, "superuser": LIVE}


def live_article():
    article = Article.objects.get(slug=SLUG)
    return {"article": article, "content": ArticleContent.objects.get(article=article)}


def with_draft():
    """The live article with a new draft of it ("New draft" on the toolbar), its body placeholder ready."""
    ctx = live_article()
    draft = Version.objects.get_for_content(ctx["content"]).copy(seed_user()).content
    body = draft.body_placeholder
    return {**ctx, "draft": draft, "body": body, "text": body.get_plugins().get(plugin_type="TextPlugin")}


def never_published():
    article = Article.objects.create(slug="a-draft-article")
    article.categories.set([Category.objects.get(slug="inspections")])
    content = ArticleContent.objects.with_user(seed_user()).create(
        article=article, title="A draft article", summary="Not out yet.", publication_date=timezone.now()
    )
    return {"article": article, "content": content}


def version_url(action, content):
    version = Version.objects.get_for_content(content)
    return reverse(f"admin:djangocms_versioning_articlecontentversion_{action}", args=[version.pk])


def plugin_url(name, *args, **query):
    query.setdefault("cms_path", "/news/")
    return reverse(f"admin:cms_placeholder_{name}", args=args) + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def add_text(client, ctx):
    url = plugin_url(
        "add_plugin", placeholder_id=ctx["body"].pk, plugin_type="TextPlugin", plugin_language="en", plugin_position=2
    )
    return client.post(url, {"body": "<p>A paragraph from the role matrix.</p>"})


def draft_body(ctx):
    """The draft's blocks as (type, position, text): what add, edit, move and delete change."""
    plugins = CMSPlugin.objects.filter(placeholder=Placeholder.objects.get(pk=ctx["body"].pk)).order_by("position")
    return [(p.plugin_type, p.position, str(p.get_bound_plugin())) for p in plugins]


def article_fields(ctx):
    article = Article.objects.get(pk=ctx["article"].pk)
    return article.slug, sorted(article.categories.values_list("slug", flat=True))


def public_article_and_list(ctx, client):
    """The article's address and the category list it is filed under, as the public sees them."""
    article = Article.objects.get(pk=ctx["article"].pk)
    listed = client.get("/news/", {"category": "inspections"}).content.decode()
    return client.get(article.get_absolute_url()).status_code, client.get(PATH).status_code, "SEND Plan" in listed


ROWS = [
    Row(
        "news admin: add an article (a draft)",
        act=lambda client, ctx: client.post(
            "/admin/news/article/add/",
            {
                "slug": "matrix-article",
                "categories": [str(Category.objects.get(slug="inspections").pk)],
                "content__title": "Matrix article",
                "content__summary": "Written by the role matrix.",
                "content__publication_date": "2024-05-01 09:00:00",
                "initial-content__publication_date": "2024-05-01 09:00:00",
            },
        ),
        public=page_text("/news/matrix-article/"),
        draft=lambda ctx: ArticleContent.admin_manager.filter(article__slug="matrix-article").count(),
        expect=EVERYONE_BUT_ANONYMOUS_DRAFTS,
    ),
    Row(
        "news admin: change the address of a live article",
        setup=live_article,
        act=lambda client, ctx: client.post(
            reverse("admin:news_article_change", args=[ctx["article"].pk]),
            change_form_data(ctx["article"], slug="renamed-by-the-matrix"),
        ),
        public=lambda ctx, client: (
            status_of(PATH)(ctx, client),
            status_of("/news/renamed-by-the-matrix/")(ctx, client),
        ),
        draft=article_fields,
        expect=PUBLISHERS_ONLY,
    ),
    Row(
        "news admin: change the categories of a live article",
        setup=live_article,
        act=lambda client, ctx: client.post(
            reverse("admin:news_article_change", args=[ctx["article"].pk]),
            change_form_data(ctx["article"], categories=[str(Category.objects.get(slug="inspections").pk)]),
        ),
        public=public_article_and_list,
        draft=article_fields,
        expect=PUBLISHERS_ONLY,
    ),
    Row(
        "news admin: change the address of an article never published",
        setup=never_published,
        act=lambda client, ctx: client.post(
            reverse("admin:news_article_change", args=[ctx["article"].pk]),
            change_form_data(ctx["article"], slug="a-better-draft-address"),
        ),
        public=lambda ctx, client: (
            status_of("/news/a-draft-article/")(ctx, client),
            status_of("/news/a-better-draft-address/")(ctx, client),
        ),
        draft=article_fields,
        expect=EVERYONE_BUT_ANONYMOUS_DRAFTS,
    ),
    Row(
        "news admin: change the title of an article's draft",
        setup=with_draft,
        act=lambda client, ctx: client.post(
            reverse("admin:news_article_change", args=[ctx["article"].pk]),
            change_form_data(ctx["article"], content__title="Retitled by the matrix"),
        ),
        public=page_text(PATH),
        draft=lambda ctx: ArticleContent.admin_manager.get(pk=ctx["draft"].pk).title,
        expect=EVERYONE_BUT_ANONYMOUS_DRAFTS,
    ),
    Row(
        "news admin: delete a live article",
        setup=live_article,
        act=lambda client, ctx: client.post(
            reverse("admin:news_article_delete", args=[ctx["article"].pk]), {"post": "yes"}
        ),
        public=status_of(PATH),
        expect=PUBLISHERS_ONLY,
    ),
    Row(
        "news admin: rename a category",
        setup=lambda: {"category": Category.objects.get(slug="inspections")},
        act=lambda client, ctx: client.post(
            reverse("admin:news_category_change", args=[ctx["category"].pk]),
            change_form_data(ctx["category"], name="Renamed category"),
        ),
        public=lambda ctx, client: "Renamed category" in client.get("/news/").content.decode(),
        expect=PUBLISHERS_ONLY,
    ),
    Row(
        "versioning: publish an article's draft",
        setup=lambda: retitled(with_draft()),
        act=lambda client, ctx: client.post(version_url("publish", ctx["draft"])),
        public=page_text(PATH),
        expect=PUBLISHERS_ONLY,
    ),
    Row(
        "versioning: unpublish a live article",
        setup=live_article,
        act=lambda client, ctx: client.post(version_url("unpublish", ctx["content"])),
        public=status_of(PATH),
        expect=PUBLISHERS_ONLY,
    ),
    Row(
        "article body: add a text block to a draft",
        setup=with_draft,
        act=add_text,
        public=page_text(PATH),
        draft=draft_body,
        expect=EVERYONE_BUT_ANONYMOUS_DRAFTS,
    ),
    Row(
        "article body: add an image block to a draft",
        setup=lambda: {**with_draft(), "image": filer_image("open-event.jpg", width=640, height=480)},
        act=lambda client, ctx: client.post(
            plugin_url(
                "add_plugin",
                placeholder_id=ctx["body"].pk,
                plugin_type="ImageBlockPlugin",
                plugin_language="en",
                plugin_position=2,
            ),
            {"image": ctx["image"].pk, "alt_text": "Parents at the open event"},
        ),
        public=page_text(PATH),
        draft=draft_body,
        expect=EVERYONE_BUT_ANONYMOUS_DRAFTS,
    ),
    Row(
        "article body: edit a text block of a draft",
        setup=with_draft,
        act=lambda client, ctx: client.post(
            plugin_url("edit_plugin", ctx["text"].pk), {"body": "<p>Rewritten by the role matrix.</p>"}
        ),
        public=page_text(PATH),
        draft=draft_body,
        expect=EVERYONE_BUT_ANONYMOUS_DRAFTS,
    ),
    Row(
        "article body: move a block of a draft",
        setup=lambda: add_second_block(with_draft()),
        act=lambda client, ctx: client.post(
            plugin_url("move_plugin"), {"plugin_id": ctx["second"].pk, "target_position": 1, "target_language": "en"}
        ),
        public=page_text(PATH),
        draft=draft_body,
        expect=EVERYONE_BUT_ANONYMOUS_DRAFTS,
    ),
    Row(
        "article body: delete a block of a draft",
        setup=with_draft,
        act=lambda client, ctx: client.post(plugin_url("delete_plugin", ctx["text"].pk), {"post": "yes"}),
        public=page_text(PATH),
        draft=draft_body,
        expect=EVERYONE_BUT_ANONYMOUS_DRAFTS,
    ),
]


def retitled(ctx):
    """A draft that differs from the live version, so publishing it shows."""
    ArticleContent.admin_manager.filter(pk=ctx["draft"].pk).update(title="Retitled in the draft")
    return ctx


def add_second_block(ctx):
    from cms.api import add_plugin

    second = add_plugin(ctx["body"], "TextPlugin", "en", body="<p>A second paragraph.</p>")
    return {**ctx, "second": second}
