"""CMS pages: the page tree, page settings, advanced settings, versions and blocks (plugins).

Editors write drafts; what changes the live site (publish, unpublish, move, delete, home page, advanced
settings) is for Publishers. ``READ_ONLY_ROWS`` are requests on published content that nobody may make, not
even a superuser: a published version is changed by making a draft (tests/test_roles_published.py runs them).
"""

from cms.api import add_plugin
from cms.models import Page, PageContent
from django.urls import reverse

from tests.roles.matrix import DRAFT, LIVE, REFUSED, Row, status_of
from tests.roles.pages import (
    DRAFT_WORDS,
    add_plugin_url,
    advanced_settings_data,
    drafts_of,
    fresh,
    new_draft,
    page,
    page_settings_data,
    placeholder_plugins,
    placeholder_url,
    public_text,
    published,
    setup_user,
    text_plugin,
    version_of,
    version_url,
)

EDITOR_REFUSED = {"anonymous": REFUSED, "editor": REFUSED, "publisher": LIVE, "superuser": LIVE}
EDITOR_DRAFT = {"anonymous": REFUSED, "editor": DRAFT, "publisher": DRAFT, "superuser": DRAFT}
PUBLISHER_DRAFT = {"anonymous": REFUSED, "editor": REFUSED, "publisher": DRAFT, "superuser": DRAFT}
NOBODY = {"anonymous": REFUSED, "editor": REFUSED, "publisher": REFUSED, "superuser": REFUSED}


def seeded_page(reverse_id):
    return lambda: {"page": page(reverse_id)}


def advanced_settings(client, ctx, **changes):
    url = reverse("admin:cms_page_advanced", args=[ctx["page"].pk])
    return client.post(url, advanced_settings_data(ctx["page"], **changes))


def with_draft(reverse_id):
    def setup():
        draft = new_draft(reverse_id)
        plugin = text_plugin(draft).get_bound_plugin()
        plugin.body = f"<p>{DRAFT_WORDS}</p>"
        plugin.save()
        return {"page": page(reverse_id), "draft": draft, "path": draft.page.get_absolute_url()}

    return setup


def with_unpublished_version(reverse_id):
    """A page with an old version that can be reverted to: a newer one was published over it."""

    def setup():
        old = published(reverse_id)
        new_version = version_of(old).copy(setup_user())
        new_version.publish(setup_user())
        return {"page": page(reverse_id), "old": old}

    return setup


def copy_blocks_data(source, target):
    """Copy every block of ``source``'s content placeholder into ``target``'s (the toolbar's paste)."""
    return {
        "source_placeholder_id": source.get_placeholders().get(slot="content").pk,
        "source_language": "en",
        "target_placeholder_id": target.get_placeholders().get(slot="content").pk,
        "target_language": "en",
    }


def with_renamed_draft(reverse_id, slug):
    def setup():
        draft = new_draft(reverse_id)
        PageContent.admin_manager.filter(pk=draft.pk).update(slug=slug)
        return {"page": page(reverse_id), "draft": fresh(draft)}

    return setup


def draft_plugins(ctx):
    return placeholder_plugins(fresh(ctx["draft"]))


def draft_count(ctx):
    return drafts_of(ctx["page"]).count()


def move_plugin_data(ctx):
    """Move the first text block to the end of its placeholder (the toolbar sends no placeholder_id for a move
    inside the same placeholder)."""
    placeholder = ctx["draft"].get_placeholders().get(slot="content")
    return {
        "plugin_id": text_plugin(ctx["draft"]).pk,
        "target_language": "en",
        "target_position": placeholder.get_plugins("en").count(),
    }


def add_second_block(content):
    add_plugin(content.get_placeholders().get(slot="content"), "TextPlugin", "en", body="<p>Second block</p>")


def with_draft_and_second_block(reverse_id):
    def setup():
        ctx = with_draft(reverse_id)()
        add_second_block(ctx["draft"])
        return ctx

    return setup


ROWS = [
    # Advanced settings: Page fields with no versions, so a change is live at once.
    Row(
        "advanced settings: make a live page need a login",
        setup=seeded_page("contact"),
        act=lambda client, ctx: advanced_settings(client, ctx, login_required="on"),
        public=status_of("/contact/"),
        expect=EDITOR_REFUSED,
    ),
    Row(
        "advanced settings: remove the news apphook",
        setup=seeded_page("news"),
        act=lambda client, ctx: advanced_settings(client, ctx, application_urls=""),
        public=public_text("/news/"),
        expect=EDITOR_REFUSED,
    ),
    Row(
        # Nothing public shows a reverse id; it names pages for templates and code. Stored, not public: the
        # "draft" reader here is the page's setting, so a refusal proves it unchanged.
        "advanced settings: change the reverse id",
        setup=seeded_page("contact"),
        act=lambda client, ctx: advanced_settings(client, ctx, reverse_id="contact-renamed"),
        public=status_of("/contact/"),
        draft=lambda ctx: Page.objects.get(pk=ctx["page"].pk).reverse_id,
        expect=PUBLISHER_DRAFT,
    ),
    Row(
        "page tree: move a live page under another",
        setup=lambda: {"page": page("contact"), "target": page("about")},
        act=lambda client, ctx: client.post(
            reverse("admin:cms_page_move_page", args=[ctx["page"].pk]), {"target": ctx["target"].pk, "position": 0}
        ),
        public=lambda ctx, client: (client.get("/contact/").status_code, client.get("/about/contact/").status_code),
        expect=EDITOR_REFUSED,
    ),
    Row(
        "page tree: set another page as home",
        setup=seeded_page("about"),
        act=lambda client, ctx: client.post(reverse("admin:cms_page_set_home", args=[ctx["page"].pk])),
        public=public_text("/"),
        expect=EDITOR_REFUSED,
    ),
    Row(
        "page tree: delete a live page",
        setup=seeded_page("contact"),
        act=lambda client, ctx: client.post(reverse("admin:cms_page_delete", args=[ctx["page"].pk]), {"post": "yes"}),
        public=status_of("/contact/"),
        expect=EDITOR_REFUSED,
    ),
    Row(
        "page tree: copy a page (the copy is a draft)",
        setup=lambda: {"page": page("contact"), "target": page("about")},
        act=lambda client, ctx: client.post(
            reverse("admin:cms_page_copy_page", args=[ctx["page"].pk]),
            {"target": ctx["target"].pk, "position": 0, "source_site": 1},
        ),
        public=public_text("/about/contact/"),
        draft=lambda ctx: PageContent.admin_manager.filter(title=published("contact").title).count(),
        expect=EDITOR_DRAFT,
    ),
    Row(
        "page tree: add a new page (a draft)",
        act=lambda client, ctx: client.post(
            reverse("admin:cms_pagecontent_add") + "?language=en",
            {"title": "A brand new page", "slug": "a-brand-new-page", "language": "en"},
        ),
        public=status_of("/a-brand-new-page/"),
        draft=lambda ctx: PageContent.admin_manager.filter(title="A brand new page").count(),
        expect=EDITOR_DRAFT,
    ),
    # Page settings of a draft: title and slug are versioned; the live URL follows only on publish.
    Row(
        "page settings: change a draft's title and slug",
        setup=with_draft("contact"),
        act=lambda client, ctx: client.post(
            reverse("admin:cms_pagecontent_change", args=[ctx["draft"].pk]),
            page_settings_data(ctx["draft"], title="Contact us now", slug="contact-us-now"),
        ),
        public=lambda ctx, client: (
            client.get("/contact/").status_code,
            client.get("/contact-us-now/").status_code,
            "Contact us now" in client.get("/contact/").content.decode(),
        ),
        draft=lambda ctx: (fresh(ctx["draft"]).title, fresh(ctx["draft"]).slug),
        expect=EDITOR_DRAFT,
    ),
    Row(
        "page settings: publish a draft with a new slug",
        setup=with_renamed_draft("about", "about-the-partnership"),
        act=lambda client, ctx: client.post(version_url("publish", ctx["draft"])),
        public=lambda ctx, client: (
            client.get("/about/").status_code,
            client.get("/about-the-partnership/").status_code,
        ),
        draft=lambda ctx: version_of(fresh(ctx["draft"])).state,
        expect=EDITOR_REFUSED,
    ),
    Row(
        "page tree: hide a draft in navigation",
        setup=with_draft("contact"),
        act=lambda client, ctx: client.post(
            reverse("admin:cms_pagecontent_change_innavigation", args=[ctx["draft"].pk])
        ),
        public=public_text("/"),
        draft=lambda ctx: fresh(ctx["draft"]).in_navigation,
        expect=EDITOR_DRAFT,
    ),
    Row(
        # The template list is an advanced setting in django CMS (the toolbar offers it with them).
        "toolbar: change a draft's template",
        setup=with_draft("contact"),
        act=lambda client, ctx: client.post(
            reverse("admin:cms_pagecontent_change_template", args=[ctx["draft"].pk]), {"template": "strategy.html"}
        ),
        public=public_text("/contact/"),
        draft=lambda ctx: fresh(ctx["draft"]).template,
        expect=PUBLISHER_DRAFT,
    ),
    Row(
        "toolbar: edit a draft's title in place",
        setup=with_draft("contact"),
        act=lambda client, ctx: client.post(
            reverse("admin:cms_page_edit_title_fields", args=[ctx["page"].pk, "en"]) + "?edit_fields=title",
            {"title": "Talk to us"},
        ),
        public=public_text("/contact/"),
        draft=lambda ctx: fresh(ctx["draft"]).title,
        expect=EDITOR_DRAFT,
    ),
    # Versions.
    Row(
        "versions: publish a draft",
        setup=with_draft("about"),
        act=lambda client, ctx: client.post(version_url("publish", ctx["draft"])),
        public=public_text("/about/"),
        draft=lambda ctx: version_of(fresh(ctx["draft"])).state,
        expect=EDITOR_REFUSED,
    ),
    Row(
        "versions: unpublish a live page",
        setup=lambda: {"content": published("contact")},
        act=lambda client, ctx: client.post(version_url("unpublish", ctx["content"])),
        public=status_of("/contact/"),
        expect=EDITOR_REFUSED,
    ),
    Row(
        "versions: make a new draft of a live page (Edit / New draft)",
        setup=lambda: {"page": page("contact"), "content": published("contact")},
        act=lambda client, ctx: client.post(version_url("edit_redirect", ctx["content"])),
        public=public_text("/contact/"),
        draft=draft_count,
        expect=EDITOR_DRAFT,
    ),
    Row(
        "versions: revert to an older version (makes a draft)",
        setup=with_unpublished_version("contact"),
        act=lambda client, ctx: client.post(version_url("revert", ctx["old"])),
        public=public_text("/contact/"),
        draft=draft_count,
        expect=EDITOR_DRAFT,
    ),
    Row(
        "versions: discard a draft",
        setup=with_draft("contact"),
        act=lambda client, ctx: client.post(version_url("discard", ctx["draft"]), {"discard": "1"}),
        public=public_text("/contact/"),
        draft=draft_count,
        expect=EDITOR_DRAFT,
    ),
    Row(
        "versions: archive a draft",
        setup=with_draft("contact"),
        act=lambda client, ctx: client.post(version_url("archive", ctx["draft"])),
        public=public_text("/contact/"),
        draft=lambda ctx: version_of(fresh(ctx["draft"])).state,
        expect=EDITOR_DRAFT,
    ),
    # Blocks (plugins) in a draft.
    Row(
        "blocks: add a text block to a draft",
        setup=with_draft("contact"),
        act=lambda client, ctx: client.post(add_plugin_url(ctx["draft"]), {"body": "<p>A new block</p>"}),
        public=public_text("/contact/"),
        draft=draft_plugins,
        expect=EDITOR_DRAFT,
    ),
    Row(
        "blocks: edit a text block in a draft",
        setup=with_draft("contact"),
        act=lambda client, ctx: client.post(
            placeholder_url("edit_plugin", text_plugin(ctx["draft"]).pk),
            {"body": "<p>Edited block</p>"},
        ),
        public=public_text("/contact/"),
        draft=draft_plugins,
        expect=EDITOR_DRAFT,
    ),
    Row(
        "blocks: move a block in a draft",
        setup=with_draft_and_second_block("contact"),
        act=lambda client, ctx: client.post(placeholder_url("move_plugin"), move_plugin_data(ctx)),
        public=public_text("/contact/"),
        draft=draft_plugins,
        expect=EDITOR_DRAFT,
    ),
    Row(
        "blocks: delete a block in a draft",
        setup=with_draft("contact"),
        act=lambda client, ctx: client.post(
            placeholder_url("delete_plugin", text_plugin(ctx["draft"]).pk), {"post": "yes"}
        ),
        public=public_text("/contact/"),
        draft=draft_plugins,
        expect=EDITOR_DRAFT,
    ),
    Row(
        "blocks: paste a copy of another page's blocks into a draft",
        setup=with_draft("contact"),
        act=lambda client, ctx: client.post(
            placeholder_url("copy_plugins"), copy_blocks_data(published("accessibility"), ctx["draft"])
        ),
        public=public_text("/contact/"),
        draft=draft_plugins,
        expect=EDITOR_DRAFT,
    ),
    Row(
        "blocks: clear a draft's placeholder",
        setup=with_draft("contact"),
        act=lambda client, ctx: client.post(
            placeholder_url("clear_placeholder", ctx["draft"].get_placeholders().get(slot="content").pk),
            {"test": "0"},
        ),
        public=public_text("/contact/"),
        draft=draft_plugins,
        expect=EDITOR_DRAFT,
    ),
]


def live_content(reverse_id):
    return lambda: {"page": page(reverse_id), "content": published(reverse_id)}


def live_content_with_two_blocks(reverse_id):
    def setup():
        ctx = live_content(reverse_id)()
        add_second_block(ctx["content"])
        return ctx

    return setup


def live_plugins(ctx):
    return placeholder_plugins(published(ctx["page"].reverse_id))


def live_text_plugin(ctx):
    return text_plugin(ctx["content"])


READ_ONLY_ROWS = [
    Row(
        "page settings: change a published version's title and slug",
        setup=live_content("contact"),
        act=lambda client, ctx: client.post(
            reverse("admin:cms_pagecontent_change", args=[ctx["content"].pk]),
            page_settings_data(ctx["content"], title="Contact us now", slug="contact-us-now"),
        ),
        public=lambda ctx, client: (
            client.get("/contact/").content.decode(),
            client.get("/contact-us-now/").status_code,
        ),
        draft=lambda ctx: (fresh(ctx["content"]).title, fresh(ctx["content"]).slug),
        expect=NOBODY,
    ),
    Row(
        "toolbar: edit a published version's title in place (no draft)",
        setup=live_content("contact"),
        act=lambda client, ctx: client.post(
            reverse("admin:cms_page_edit_title_fields", args=[ctx["page"].pk, "en"]) + "?edit_fields=title",
            {"title": "Talk to us"},
        ),
        public=public_text("/contact/"),
        draft=lambda ctx: fresh(ctx["content"]).title,
        expect=NOBODY,
    ),
    Row(
        "toolbar: change a published version's template",
        setup=live_content("contact"),
        act=lambda client, ctx: client.post(
            reverse("admin:cms_pagecontent_change_template", args=[ctx["content"].pk]), {"template": "strategy.html"}
        ),
        public=public_text("/contact/"),
        draft=lambda ctx: fresh(ctx["content"]).template,
        expect=NOBODY,
    ),
    Row(
        "page tree: hide a published version in navigation",
        setup=live_content("contact"),
        act=lambda client, ctx: client.post(
            reverse("admin:cms_pagecontent_change_innavigation", args=[ctx["content"].pk])
        ),
        public=public_text("/"),
        draft=lambda ctx: fresh(ctx["content"]).in_navigation,
        expect=NOBODY,
    ),
    Row(
        "blocks: add a text block to a published version",
        setup=live_content("contact"),
        act=lambda client, ctx: client.post(add_plugin_url(ctx["content"]), {"body": "<p>A new block</p>"}),
        public=public_text("/contact/"),
        draft=live_plugins,
        expect=NOBODY,
    ),
    Row(
        "blocks: edit a text block of a published version",
        setup=live_content("contact"),
        act=lambda client, ctx: client.post(
            placeholder_url("edit_plugin", live_text_plugin(ctx).pk),
            {"body": "<p>Edited block</p>"},
        ),
        public=public_text("/contact/"),
        draft=live_plugins,
        expect=NOBODY,
    ),
    Row(
        "blocks: move a block of a published version",
        setup=live_content_with_two_blocks("contact"),
        act=lambda client, ctx: client.post(
            placeholder_url("move_plugin"),
            move_plugin_data({"draft": ctx["content"]}),
        ),
        public=public_text("/contact/"),
        draft=live_plugins,
        expect=NOBODY,
    ),
    Row(
        "blocks: delete a block of a published version",
        setup=live_content("contact"),
        act=lambda client, ctx: client.post(
            placeholder_url("delete_plugin", live_text_plugin(ctx).pk), {"post": "yes"}
        ),
        public=public_text("/contact/"),
        draft=live_plugins,
        expect=NOBODY,
    ),
    Row(
        "blocks: paste a copy of another page's blocks into a published version",
        setup=live_content("contact"),
        act=lambda client, ctx: client.post(
            placeholder_url("copy_plugins"), copy_blocks_data(published("accessibility"), ctx["content"])
        ),
        public=public_text("/contact/"),
        draft=live_plugins,
        expect=NOBODY,
    ),
    Row(
        "blocks: clear a published version's placeholder",
        setup=live_content("contact"),
        act=lambda client, ctx: client.post(
            placeholder_url("clear_placeholder", ctx["content"].get_placeholders().get(slot="content").pk),
            {"test": "0"},
        ),
        public=public_text("/contact/"),
        draft=live_plugins,
        expect=NOBODY,
    ),
]
