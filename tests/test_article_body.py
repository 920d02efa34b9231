"""Article bodies in the CMS: the article template declares "Body", Structure mode lists it for new and
existing articles, and Text, Link, Document and Image blocks are added, edited, moved and deleted in a draft
through the endpoints the toolbar uses, and reach the public only when the article is published."""

import importlib
import re

import pytest
from cms.models import Placeholder
from cms.plugin_pool import plugin_pool
from cms.toolbar.utils import get_object_preview_url, get_object_structure_url
from cms.utils.placeholder import get_declared_placeholders_for_obj
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.constants import PUBLISHED
from djangocms_versioning.models import Version

from documents.images import ImageBlock
from documents.models import Document
from news.models import Article, ArticleContent, Category
from tests.factories_documents import filer_file, pdf

from .factories_images import filer_image

SEEDED_SLUG = "send-plan-2021-2025-approved"
BODY_PLUGINS = {"TextPlugin", "LinkPlugin", "DocumentPlugin", "ImageBlockPlugin"}


def new_draft(user, slug="a-new-article", title="A new article"):
    """An article as "Add article" makes one: the grouper, then its first version (a draft), no body yet."""
    article = Article.objects.create(slug=slug)
    article.categories.set([Category.objects.get(slug="events-and-engagement")])
    return ArticleContent.objects.with_user(user).create(
        article=article, title=title, summary="What it is about.", publication_date=timezone.now()
    )


def body_of(content):
    """The body placeholder, found (or made) the way the CMS finds it: through the article's template. (Fetched
    again: a placeholder the CMS has just made caches "no plugins".)"""
    return Placeholder.objects.get(pk=ArticleContent.admin_manager.get(pk=content.pk).body_placeholder.pk)


def plugin_url(name, *args, **query):
    url = reverse(f"admin:cms_placeholder_{name}", args=args)
    query.setdefault("cms_path", "/news/")
    return url + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def add_block(client, placeholder, plugin_type, data, position=None):
    position = position or placeholder.get_plugins().count() + 1
    url = plugin_url(
        "add_plugin",
        placeholder_id=placeholder.pk,
        plugin_type=plugin_type,
        plugin_language="en",
        plugin_position=position,
    )
    return client.post(url, data)


def link_data(name, url):
    return {"name": name, "link_0": "external_link", "link_1": url, "link_target": "", "template": "default"}


# The placeholder: declared, listed in Structure mode, named and restricted -------------------------------------


def test_the_article_template_declares_the_body_placeholder():
    assert [placeholder.slot for placeholder in get_declared_placeholders_for_obj(ArticleContent())] == ["body"]


@pytest.mark.parametrize("article", ["new", "seeded"])
def test_structure_mode_lists_body_with_its_blocks_for_new_and_seeded_articles(client, editor, article):
    if article == "new":
        content = new_draft(editor)
    else:
        published = ArticleContent.objects.get(article__slug=SEEDED_SLUG)
        content = Version.objects.get_for_content(published).copy(editor).content
    client.force_login(editor)
    response = client.get(get_object_structure_url(content))
    assert response.status_code == 200
    html = response.content.decode()
    placeholder = Placeholder.objects.get_for_obj(content).get(slot="body")  # made by Structure mode if new
    match = re.search(rf'id="cms-placeholder-{placeholder.pk}"[^>]*>(\{{.*?\}})</script>', html)
    assert match, "Structure mode does not list the body placeholder"
    assert '"name": "Body"' in match.group(1)
    assert set(re.findall(r'"(\w+Plugin)"', match.group(1))) >= BODY_PLUGINS


def test_body_offers_exactly_text_link_document_and_image(editor):
    content = new_draft(editor)
    offered = {plugin.__name__ for plugin in plugin_pool.get_all_plugins("body", content)}
    assert offered == BODY_PLUGINS
    assert body_of(content).get_label() == "Body"


def test_the_migration_gives_existing_articles_a_body_placeholder(editor):
    content = new_draft(editor)
    Placeholder.objects.get_for_obj(content).delete()
    migration = importlib.import_module("news.migrations.0003_article_body_placeholders")
    migration.add_body_placeholders(apps, None)
    migration.add_body_placeholders(apps, None)  # idempotent
    assert Placeholder.objects.get_for_obj(content).filter(slot="body").count() == 1
    for seeded in ArticleContent.admin_manager.all():
        assert Placeholder.objects.get_for_obj(seeded).filter(slot="body").count() == 1


# Blocks in a draft, then published --------------------------------------------------------------------------------


def test_editor_writes_a_body_with_every_block_and_a_publisher_publishes_it(client, editor, publisher):
    content = new_draft(editor)
    body = body_of(content)
    document = filer_file("events-programme.pdf", pdf(2), owner=editor)
    image = filer_image("open-event.jpg", width=1600, height=900, owner=editor)
    client.force_login(editor)

    assert add_block(client, body, "TextPlugin", {"body": "<p>First paragraph of the body.</p>"}).status_code == 200
    assert (
        add_block(client, body, "LinkPlugin", link_data("The plan on GOV.UK", "https://www.gov.uk/")).status_code == 200
    )
    response = add_block(client, body, "DocumentPlugin", {"title": "Events programme", "file": document.pk})
    assert response.status_code == 200
    response = add_block(client, body, "ImageBlockPlugin", {"image": image.pk, "alt_text": "Parents at the open event"})
    assert response.status_code == 200
    assert [p.plugin_type for p in Placeholder.objects.get(pk=body.pk).get_plugins()] == [
        "TextPlugin",
        "LinkPlugin",
        "DocumentPlugin",
        "ImageBlockPlugin",
    ]

    # Edit the text, move the image to the top, delete the link.
    text = Placeholder.objects.get(pk=body.pk).get_plugins().get(plugin_type="TextPlugin")
    response = client.post(plugin_url("edit_plugin", text.pk), {"body": "<p>The first paragraph, edited.</p>"})
    assert response.status_code == 200
    image_block = Placeholder.objects.get(pk=body.pk).get_plugins().get(plugin_type="ImageBlockPlugin")
    response = client.post(
        plugin_url("move_plugin"),
        # Within one placeholder the toolbar sends no placeholder_id.
        {"plugin_id": image_block.pk, "target_position": 1, "target_language": "en"},
    )
    assert response.status_code == 200, response.content
    link = Placeholder.objects.get(pk=body.pk).get_plugins().get(plugin_type="LinkPlugin")
    assert client.post(plugin_url("delete_plugin", link.pk), {"post": "yes"}).status_code == 200
    assert [p.plugin_type for p in Placeholder.objects.get(pk=body.pk).get_plugins().order_by("position")] == [
        "ImageBlockPlugin",
        "TextPlugin",
        "DocumentPlugin",
    ]

    preview = client.get(get_object_preview_url(content)).content.decode()
    assert "The first paragraph, edited." in preview
    client.logout()
    assert client.get("/news/a-new-article/").status_code == 404  # a draft: not public

    client.force_login(publisher)
    version = Version.objects.get_for_content(content)
    client.post(reverse("admin:djangocms_versioning_articlecontentversion_publish", args=[version.pk]))
    assert Version.objects.get(pk=version.pk).state == PUBLISHED
    client.logout()
    html = client.get("/news/a-new-article/").content.decode()
    assert html.index('alt="Parents at the open event"') < html.index("The first paragraph, edited.")
    assert html.index("The first paragraph, edited.") < html.index("Events programme")
    assert "The plan on GOV.UK" not in html
    assert re.search(r"Events programme <span[^>]*>\(PDF, [\d.]+ (KB|bytes), 2 pages\)", html)


def test_a_published_body_cannot_be_changed_by_anyone(client, editor, publisher):
    published = ArticleContent.objects.get(article__slug=SEEDED_SLUG)
    body = body_of(published)
    text = Placeholder.objects.get(pk=body.pk).get_plugins().get(plugin_type="TextPlugin")
    for user in (editor, publisher):
        client.force_login(user)
        assert add_block(client, body, "TextPlugin", {"body": "<p>Sneaked in</p>"}).status_code == 403
        assert client.post(plugin_url("edit_plugin", text.pk), {"body": "<p>Changed live</p>"}).status_code == 403
        assert client.post(plugin_url("delete_plugin", text.pk), {"post": "yes"}).status_code == 403
    assert Placeholder.objects.get(pk=body.pk).get_plugins().count() == 1
    assert "over 160 people" in text.get_bound_plugin().body


def test_a_new_draft_of_a_published_article_keeps_the_old_body_public_until_published(client, editor, publisher):
    published = ArticleContent.objects.get(article__slug=SEEDED_SLUG)
    draft = Version.objects.get_for_content(published).copy(editor)
    client.force_login(editor)
    body = body_of(draft.content)
    assert (
        add_block(client, body, "TextPlugin", {"body": "<p>A paragraph added in the new draft.</p>"}).status_code == 200
    )
    client.logout()
    assert "A paragraph added in the new draft." not in client.get(f"/news/{SEEDED_SLUG}/").content.decode()
    draft.publish(publisher)
    html = client.get(f"/news/{SEEDED_SLUG}/").content.decode()
    assert "A paragraph added in the new draft." in html and "over 160 people" in html


def test_the_document_block_refuses_a_file_that_is_not_a_document(client, editor):
    body = body_of(new_draft(editor))
    client.force_login(editor)
    fake = filer_file("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", owner=editor)
    response = add_block(client, body, "DocumentPlugin", {"title": "Report", "file": fake.pk})
    assert response.status_code == 200
    assert "web page code" in response.content.decode()
    assert not Document.objects.filter(placeholder=body).exists()


def test_the_image_block_form_needs_alternative_text(client, editor):
    body = body_of(new_draft(editor))
    image = filer_image("chart.png", width=800, height=600, owner=editor)
    client.force_login(editor)
    response = add_block(client, body, "ImageBlockPlugin", {"image": image.pk, "alt_text": "  "})
    assert "Describe the image for people who cannot see it" in response.content.decode()
    response = add_block(client, body, "ImageBlockPlugin", {"image": "", "alt_text": "A chart"})
    assert "This field is required" in response.content.decode()
    assert not ImageBlock.objects.filter(placeholder=body).exists()


def published_with_blocks(editor, publisher, slug, sets):
    """A published article whose body has ``sets`` times a text, an image and a document block."""
    from cms.api import add_plugin

    content = new_draft(editor, slug=slug, title=f"Article {slug}")
    body = body_of(content)
    for i in range(sets):
        add_plugin(body, "TextPlugin", "en", body=f"<p>Paragraph {i}</p>")
        image = filer_image(f"{slug}-{i}.jpg", width=900, height=600, owner=editor)
        add_plugin(body, "ImageBlockPlugin", "en", image=image, alt_text=f"Photo {i}")
        add_plugin(body, "DocumentPlugin", "en", title=f"Document {i}", file=filer_file(f"{slug}-{i}.pdf", pdf(1)))
    Version.objects.get_for_content(content).publish(publisher)
    return f"/news/{slug}/"


def queries_for(client, path):
    client.get(path)  # warm the CMS's own caches (menus, URL revision)
    cache.clear()  # but render the article itself again, not from the page cache
    with CaptureQueriesContext(connection) as queries:
        html = client.get(path).content.decode()
    return len(queries), html


def test_the_queries_of_an_article_do_not_grow_with_its_blocks(client, editor, publisher):
    few, _ = queries_for(client, published_with_blocks(editor, publisher, "one-of-each", 1))
    many, html = queries_for(client, published_with_blocks(editor, publisher, "six-of-each", 6))
    assert html.count('<figure class="image-block">') == 6 and "Paragraph 5" in html and "Document 5" in html
    # One query per kind of block, whatever their number (the first article also warms some process caches).
    assert many <= few <= 22
