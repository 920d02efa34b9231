"""The news admin staff use: the address follows the title on "Add article", help texts show as written, the
list is newest first and searchable by title, the media-library picker shows the chosen file, and the address
and categories of a live article are the Publishers' to change."""

import html
import re

import pytest
from django.apps import apps
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils import timezone
from django.utils.html import strip_tags
from djangocms_versioning.models import Version

from news.admin import LIVE_ARTICLE_NOTICE
from news.models import Article, ArticleContent, Category
from tests.factories_documents import filer_file, pdf
from tests.roles.matrix import change_form_data

from .factories_images import filer_image

SEEDED_SLUG = "send-plan-2021-2025-approved"
PROJECT_APPS = ["localoffer", "units", "news", "feedback", "documents", "search"]


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def draft_article(user, slug="not-yet-published"):
    article = Article.objects.create(slug=slug)
    article.categories.set([Category.objects.get(slug="inspections")])
    ArticleContent.objects.with_user(user).create(
        article=article, title="Not yet published", summary="A draft.", publication_date=timezone.now()
    )
    return article


# "Add article" and help texts ------------------------------------------------------------------------------------


def test_the_address_follows_the_title_on_add_article(client, editor):
    client.force_login(editor)
    page = client.get("/admin/news/article/add/").content.decode()
    prepopulated = re.search(r'data-prepopulated-fields="([^"]*)"', page)
    assert prepopulated, "no prepopulated fields on Add article"
    fields = html.unescape(prepopulated.group(1))
    assert '"id": "#id_slug"' in fields and '"dependency_ids": ["#id_content__title"]' in fields


def test_an_existing_address_is_never_rewritten_from_the_title(client, publisher):
    client.force_login(publisher)
    article = Article.objects.get(slug=SEEDED_SLUG)
    page = client.get(change_url(article)).content.decode()
    assert "#id_slug" not in html.unescape(re.search(r'data-prepopulated-fields="([^"]*)"', page).group(1))


def test_the_address_help_text_shows_as_written(client, editor):
    client.force_login(editor)
    page = client.get("/admin/news/article/add/").content.decode()
    assert "/news/&lt;slug&gt;/" in page
    assert "/news//" not in strip_tags(page)


def visible_text(help_text):
    """What a browser shows for a help text: Django renders help texts as HTML, unescaped."""
    return html.unescape(strip_tags(str(help_text)))


def test_no_help_text_in_the_project_loses_text_to_html():
    """A help text with "<word>" in it shows with the word eaten: write such texts with escape()."""
    broken = []
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                help_text = str(getattr(field, "help_text", "") or "")
                if visible_text(help_text) != html.unescape(help_text):
                    broken.append(f"{model._meta.label}.{field.name}: {help_text}")
    assert broken == []


# The list --------------------------------------------------------------------------------------------------------


def test_the_list_is_newest_first(client, publisher):
    draft_article(publisher)
    client.force_login(publisher)
    page = client.get("/admin/news/article/").content.decode()
    titles = [
        "Not yet published",
        "Government publishes the SEND and alternative provision improvement plan",
        "Lancashire Parent Carer Forum open event",
        "SEND Plan 2021-2025 approved",
        "Ofsted and CQC revisit",
    ]
    positions = [page.index(title) for title in titles]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("query", "expected"), [("monitoring visit", 1), ("ofsted", 1), ("Parent Carer", 1), ("zzz", 0)]
)
def test_the_list_is_searchable_by_title(client, editor, query, expected):
    client.force_login(editor)
    response = client.get("/admin/news/article/", {"q": query})
    assert response.status_code == 200
    assert response.context["cl"].result_count == expected


# A live article's address and categories ----------------------------------------------------------------------


def test_an_editor_sees_the_live_address_and_categories_read_only_with_the_reason(client, editor):
    client.force_login(editor)
    page = client.get(change_url(Article.objects.get(slug=SEEDED_SLUG))).content.decode()
    assert LIVE_ARTICLE_NOTICE in page
    assert 'name="slug"' not in page and 'name="categories"' not in page
    assert SEEDED_SLUG in page  # shown, read-only


def test_an_editor_cannot_change_the_address_or_categories_of_a_live_article(client, editor):
    article = Article.objects.get(slug=SEEDED_SLUG)
    inspections = Category.objects.get(slug="inspections")
    data = change_form_data(article, slug="renamed-by-an-editor", categories=[str(inspections.pk)])
    client.force_login(editor)
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.slug == SEEDED_SLUG
    assert inspections not in article.categories.all()
    assert client.get(f"/news/{SEEDED_SLUG}/").status_code == 200


def test_an_unpublished_article_stays_locked(client, editor, publisher):
    article = Article.objects.get(slug=SEEDED_SLUG)
    Version.objects.get_for_content(ArticleContent.objects.get(article=article)).unpublish(publisher)
    assert article.has_been_published()
    client.force_login(editor)
    client.post(change_url(article), change_form_data(article, slug="renamed-after-unpublishing"))
    article.refresh_from_db()
    assert article.slug == SEEDED_SLUG


def test_a_publisher_may_change_the_address_of_a_live_article(client, publisher):
    article = Article.objects.get(slug=SEEDED_SLUG)
    client.force_login(publisher)
    page = client.get(change_url(article)).content.decode()
    assert LIVE_ARTICLE_NOTICE not in page and 'name="slug"' in page
    response = client.post(change_url(article), change_form_data(article, slug="send-plan-approved"))
    assert response.status_code == 302
    assert client.get("/news/send-plan-approved/").status_code == 200


def test_an_editor_may_change_the_address_of_an_article_never_published(client, editor):
    article = draft_article(editor)
    assert not article.has_been_published()
    client.force_login(editor)
    response = client.post(change_url(article), change_form_data(article, slug="a-better-address"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug == "a-better-address"


# The media-library picker ----------------------------------------------------------------------------------------


def picker_icon_urls(client, folder_path):
    response = client.get(folder_path, {"_pick": "file", "_popup": "1"})
    assert response.status_code == 200, "staff cannot browse the media library to choose a file"
    page = response.content.decode()
    return {html.unescape(url) for url in re.findall(r'data-icon-url="([^"]*)"', page)}


def test_the_picker_hands_the_widget_a_usable_icon_url(client, editor):
    """filer's picker puts each file's icon URL in data-icon-url for the widget's JavaScript; filer 3.6 escaped it
    for JavaScript, so every "-" arrived as a literal "\\u002D" and the widget showed a broken image."""
    filer_file("programme.pdf", pdf(1), owner=editor)
    image = filer_image("open-event.jpg", width=400, height=300, owner=editor)
    client.force_login(editor)
    urls = picker_icon_urls(client, "/admin/filer/folder/unfiled_images/")
    assert urls, "the picker lists no files"
    assert not [url for url in urls if "\\" in url], urls
    assert staticfiles_storage.url("filer/icons/file-pdf.svg") in urls
    # An image: its thumbnail, under filer's folders (UUIDs, with hyphens), once made.
    client.get(f"/admin/filer/file/icon/{image.pk}/80")
    urls = picker_icon_urls(client, "/admin/filer/folder/unfiled_images/")
    assert not [url for url in urls if "\\" in url], urls
