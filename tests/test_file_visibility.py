"""Files follow what is published (issue 12, part 3): a media-library file reaches the public only while
published content uses it or a Publisher marked it public; only Publishers change live files."""

import pytest
from cms.api import add_plugin
from cms.models import PageContent
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.models import Version
from filer.models import File, Folder, Image

from documents.models import Document
from documents.visibility import (
    IN_PLACEHOLDER,
    IS_CONTENT,
    PUBLIC,
    PUBLISHED,
    USES,
    FileUse,
    discover_plugin_uses,
    files_in_published_use,
    is_visible,
    register,
)
from localoffer import pagecache
from news.models import Article, ArticleContent

from .factories_documents import filer_file, image, pdf, strategy_page


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def private_pdf(name="report.pdf", pages=2):
    """A file in a folder of the media library (filer lets staff change only their own unfiled files)."""
    stored = filer_file(name, pdf(pages), is_public=False)
    stored.folder, _ = Folder.objects.get_or_create(name="Reports", parent=None)
    stored.save()
    return stored


def page_using(stored, user, publish=True, field="file"):
    """A strategy page whose Document block shows ``stored``."""
    page, content = strategy_page(f"Page using {stored.original_filename}", user, publish=False)
    add_plugin(
        content.get_placeholders().get(slot="documents"), "DocumentPlugin", "en", title="Report", **{field: stored}
    )
    if publish:
        Version.objects.get_for_content(content).publish(user)
    return page, content


def download(client, stored):
    return client.get(f"/documents/{stored.pk}/report.pdf")


def content_of(response):
    return b"".join(response.streaming_content)


def fresh(stored):
    return File.objects.non_polymorphic().get(pk=stored.pk)


def change_url(stored):
    model = "image" if isinstance(stored, Image) else "file"
    return reverse(f"admin:filer_{model}_change", args=[stored.pk])


def change_form(client, stored, **changes):
    """The media library's change form for a file, as the browser would post it back, with ``changes``."""
    form = client.get(change_url(stored)).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if name != "file"}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data.update(changes)
    return data


def replace(client, stored, data, name="report.pdf"):
    return client.post(change_url(stored), change_form(client, stored, file=SimpleUploadedFile(name, data)))


# ---- Who may download -----------------------------------------------------------------------------------


def test_a_file_nothing_uses_is_404_at_both_addresses(client, seeded):
    stored = private_pdf()
    assert download(client, stored).status_code == 404
    assert stored.url.startswith("/files/")
    assert client.get(stored.url).status_code == 404


def test_a_file_only_a_draft_uses_is_404(client, publisher):
    stored = private_pdf()
    page_using(stored, publisher, publish=False)
    assert download(client, stored).status_code == 404
    assert client.get(stored.url).status_code == 404


def test_a_file_a_published_page_uses_is_downloadable(client, publisher):
    stored = private_pdf()
    page, _ = page_using(stored, publisher)
    response = download(client, stored)
    assert response.status_code == 200
    assert content_of(response).startswith(b"%PDF-")
    assert response["Cache-Control"] == "public, no-cache"
    assert client.get(stored.url).status_code == 200
    assert f"/documents/{stored.pk}/" in client.get(page.get_absolute_url()).content.decode()


def test_the_easy_read_version_counts_as_a_use(client, publisher):
    stored = private_pdf()
    _, content = strategy_page("Page with an easy read", publisher, publish=False)
    add_plugin(
        content.get_placeholders().get(slot="documents"),
        "DocumentPlugin",
        "en",
        title="Report",
        external_url="https://www.gov.uk/report",
        alternative_kind="easy-read",
        alternative_file=stored,
    )
    assert download(client, stored).status_code == 404
    Version.objects.get_for_content(content).publish(publisher)
    assert download(client, stored).status_code == 200


def test_unpublishing_the_page_makes_it_404_again(client, publisher):
    stored = private_pdf()
    _, content = page_using(stored, publisher)
    assert download(client, stored).status_code == 200
    Version.objects.get_for_content(content).unpublish(publisher)
    assert download(client, stored).status_code == 404


def test_a_new_draft_without_the_file_keeps_it_public_until_that_draft_is_published(client, publisher):
    stored = private_pdf()
    _, content = page_using(stored, publisher)
    draft = Version.objects.get_for_content(content).copy(publisher)
    Document.objects.filter(placeholder__in=draft.content.get_placeholders()).delete()
    assert download(client, stored).status_code == 200
    draft.publish(publisher)
    assert download(client, stored).status_code == 404


def test_a_page_that_needs_a_login_does_not_publish_its_files(client, publisher):
    stored = private_pdf()
    page, _ = page_using(stored, publisher)
    page.login_required = True
    page.save()
    assert download(client, stored).status_code == 404
    assert files_in_published_use([stored.pk]) == {stored.pk}  # still live for the guard


def test_a_deleted_file_is_404(client, publisher):
    stored = private_pdf()
    page_using(stored, publisher)
    url, pk = stored.url, stored.pk
    client.force_login(publisher)
    assert client.post(reverse("admin:filer_file_delete", args=[pk]), {"post": "yes"}).status_code == 302
    assert not File.objects.filter(pk=pk).exists()
    client.logout()
    assert client.get(f"/documents/{pk}/report.pdf").status_code == 404
    assert client.get(url).status_code == 404


def test_staff_preview_any_file_but_only_privately(client, editor):
    stored = private_pdf()
    client.force_login(editor)
    response = client.get(stored.url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert download(client, stored).status_code == 200


def test_other_signed_in_users_are_the_public(client, seeded):
    from .factories import UserFactory

    client.force_login(UserFactory(username="member"))
    assert download(client, private_pdf()).status_code == 404


def test_new_uploads_are_not_public(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:filer-ajax_upload"), {"file": SimpleUploadedFile("new.pdf", pdf(1))})
    stored = File.objects.get(pk=response.json()["file_id"])
    assert stored.is_public is False
    client.logout()
    assert download(client, stored).status_code == 404


def test_media_url_serves_nothing(client, publisher):
    stored = private_pdf()
    page_using(stored, publisher)
    assert client.get("/media/" + stored.file.name, follow=True).status_code == 404


def test_odd_paths_are_404(client, seeded):
    for path in ["/files/", "/files/../settings.py", "/files/filer_public/../../etc/passwd", "/files/nothing.pdf"]:
        assert client.get(path).status_code == 404, path


# ---- News article images and thumbnails ------------------------------------------------------------------


def article_with_image(user, picture, *, publish=True, date=None):
    article = Article.objects.create(slug=f"with-image-{picture.pk}")
    content = ArticleContent.objects.with_user(user).create(
        article=article,
        title="With an image",
        summary="An article with an image.",
        publication_date=date or timezone.now(),
        image=picture,
        image_alt="A blue square",
    )
    if publish:
        Version.objects.get_for_content(content).publish(user)
    return content


def stored_image():
    folder, _ = Folder.objects.get_or_create(name="Reports", parent=None)
    return Image.objects.create(
        original_filename="square.png", file=ContentFile(image("PNG"), "square.png"), folder=folder
    )


def thumbnail_url(picture):
    from easy_thumbnails.files import get_thumbnailer

    return get_thumbnailer(picture.file).get_thumbnail({"size": (2, 2), "crop": True}).url


def test_an_article_image_follows_the_article(client, publisher):
    picture = stored_image()
    content = article_with_image(publisher, picture, publish=False)
    assert client.get(picture.url).status_code == 404
    Version.objects.get_for_content(content).publish(publisher)
    response = client.get(picture.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert picture.url in client.get(content.get_absolute_url()).content.decode()


def test_a_scheduled_article_image_waits_for_its_date(client, publisher):
    picture = stored_image()
    article_with_image(publisher, picture, date=timezone.now() + timezone.timedelta(days=2))
    assert client.get(picture.url).status_code == 404
    assert files_in_published_use([picture.pk]) == {picture.pk}


def test_thumbnails_follow_their_original(client, publisher):
    picture = stored_image()
    content = article_with_image(publisher, picture, publish=False)
    url = thumbnail_url(picture)
    assert url.startswith("/files/filer_private_thumbnails/")
    assert client.get(url).status_code == 404
    Version.objects.get_for_content(content).publish(publisher)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")


# ---- Marking a file public -------------------------------------------------------------------------------


def test_a_publisher_marks_a_file_public(client, publisher):
    stored = private_pdf()
    client.force_login(publisher)
    response = client.post(change_url(stored), change_form(client, stored, is_public="on"))
    assert response.status_code == 302
    assert fresh(stored).is_public
    client.logout()
    assert download(client, stored).status_code == 200
    assert client.get(fresh(stored).url).status_code == 200


def test_an_editor_cannot_mark_a_file_public(client, editor):
    stored = private_pdf()
    client.force_login(editor)
    response = client.post(change_url(stored), change_form(client, stored, is_public="on"))
    assert response.status_code == 200
    assert "Only a Publisher can make a file public" in response.content.decode()
    assert not fresh(stored).is_public
    client.logout()
    assert download(client, stored).status_code == 404


def test_an_editor_cannot_make_a_public_file_private(client, editor):
    stored = private_pdf()
    File.objects.filter(pk=stored.pk).update(is_public=True)
    stored = fresh(stored)
    client.force_login(editor)
    response = client.post(change_url(stored), change_form(client, stored, is_public=""))
    assert "Only a Publisher can make a file public" in response.content.decode()
    assert fresh(stored).is_public


def test_marking_a_file_public_drops_cached_pages(client, publisher):
    stored = private_pdf()
    before = pagecache.current_generation()
    client.force_login(publisher)
    client.post(change_url(stored), change_form(client, stored, is_public="on"))
    assert pagecache.current_generation() != before


# ---- Replacing, deleting and moving live files ---------------------------------------------------------


def test_a_publisher_replaces_a_published_file_and_the_new_content_is_served(client, publisher):
    stored = private_pdf(pages=2)
    page, _ = page_using(stored, publisher)
    client.force_login(publisher)
    response = replace(client, stored, pdf(7))
    assert response.status_code == 302, response.content
    client.logout()
    served = content_of(download(client, stored))
    assert served == fresh(stored).file.read()
    assert "7 pages" in client.get(page.get_absolute_url()).content.decode()


def test_an_editor_cannot_replace_a_published_file(client, editor, publisher):
    stored = private_pdf(pages=2)
    page_using(stored, publisher)
    before = content_of(download(client, stored))
    client.force_login(editor)
    response = replace(client, stored, pdf(7))
    assert response.status_code == 200
    assert "Only a Publisher can do that" in response.content.decode()
    client.logout()
    assert content_of(download(client, stored)) == before


def test_an_editor_replaces_a_file_only_drafts_use(client, editor, publisher):
    stored = private_pdf(pages=2)
    page_using(stored, publisher, publish=False)
    client.force_login(editor)
    assert replace(client, stored, pdf(5)).status_code == 302
    assert fresh(stored).document_facts.page_count == 5


def test_an_editor_cannot_rename_a_published_file(client, editor, publisher):
    stored = private_pdf()
    page_using(stored, publisher)
    client.force_login(editor)
    response = client.post(change_url(stored), change_form(client, stored, name="Renamed"))
    assert response.status_code == 200
    assert fresh(stored).name != "Renamed"


def test_an_editor_cannot_delete_a_published_file(client, editor, publisher):
    stored = private_pdf()
    page_using(stored, publisher)
    client.force_login(editor)
    for _ in ("confirm", "post"):
        response = client.post(reverse("admin:filer_file_delete", args=[stored.pk]), {"post": "yes"})
        assert response.status_code == 403
        assert "Only a Publisher can do that" in response.content.decode()
    assert client.get(reverse("admin:filer_file_delete", args=[stored.pk])).status_code == 403
    client.logout()
    assert download(client, stored).status_code == 200


def test_an_editor_deletes_a_file_nothing_published_uses(client, editor):
    stored = private_pdf()
    client.force_login(editor)
    assert client.post(reverse("admin:filer_file_delete", args=[stored.pk]), {"post": "yes"}).status_code == 302
    assert not File.objects.filter(pk=stored.pk).exists()


def folder_action(client, folder, action, files, **extra):
    data = {"action": action, "_selected_action": [f"file-{f.pk}" for f in files], "index": 0, **extra}
    return client.post(reverse("admin:filer-directory_listing", args=[folder.pk]), data)


@pytest.mark.parametrize("action", ["delete_files_or_folders", "move_files_and_folders", "rename_files"])
def test_editors_folder_actions_on_a_published_file_are_refused(client, editor, publisher, action):
    stored, other = private_pdf(), Folder.objects.create(name="Old reports")
    folder = stored.folder
    page_using(stored, publisher)
    client.force_login(editor)
    extra = {"post": "yes", "destination": other.pk, "rename_format": "x-%(original_filename)s"}
    response = folder_action(client, folder, action, [stored], **extra)
    assert response.status_code == 403
    assert "Only a Publisher can do that" in response.content.decode()
    after = fresh(stored)
    assert (after.folder_id, after.name) == (folder.pk, stored.name)


def test_a_publisher_moves_a_published_file(client, publisher):
    stored, other = private_pdf(), Folder.objects.create(name="Old reports")
    folder = stored.folder
    page_using(stored, publisher)
    client.force_login(publisher)
    folder_action(client, folder, "move_files_and_folders", [stored], post="yes", destination=other.pk)
    assert fresh(stored).folder_id == other.pk


def test_an_editor_cannot_delete_a_folder_holding_a_published_file(client, editor, publisher):
    stored = private_pdf()
    folder = stored.folder
    page_using(stored, publisher)
    client.force_login(editor)
    response = client.post(reverse("admin:filer_folder_delete", args=[folder.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert File.objects.filter(pk=stored.pk).exists()


# ---- The rule itself ---------------------------------------------------------------------------------------


def test_plugin_models_with_a_file_are_registered_by_themselves():
    USES[:] = [use for use in USES if use.model not in ("documents.Document", "news.ArticleContent")]
    discover_plugin_uses()
    assert FileUse("documents.Document", "file", IN_PLACEHOLDER) in USES
    assert FileUse("documents.Document", "alternative_file", IN_PLACEHOLDER) in USES
    assert FileUse("news.ArticleContent", "image", IS_CONTENT) in USES
    register("documents.Document", "file")
    assert USES.count(FileUse("documents.Document", "file", IN_PLACEHOLDER)) == 1


def test_scopes(publisher):
    stored = private_pdf()
    page, _ = page_using(stored, publisher)
    assert is_visible(stored.pk, PUBLIC) and is_visible(stored.pk, PUBLISHED)
    assert not is_visible(private_pdf("other.pdf").pk, PUBLISHED)


def test_seeded_documents_are_public_because_published_pages_use_them(seeded):
    content = PageContent.objects.get(page__reverse_id="send-plan", language="en")
    documents = Document.objects.filter(placeholder__in=content.get_placeholders(), file__isnull=False)
    assert documents
    for document in documents:
        assert not document.file.is_public
        assert is_visible(document.file_id)


# ---- Fast and cache-friendly ----------------------------------------------------------------------------


# One query finds the file and decides; the CMS middleware adds its own (apphook reload check, current page)
# to every request, whatever the view.
DOWNLOAD_QUERIES = 4


def test_a_download_is_one_query_whatever_uses_the_file(client, publisher, django_assert_max_num_queries):
    stored = private_pdf()
    picture = stored_image()
    for _ in range(3):
        page_using(stored, publisher)
    article_with_image(publisher, picture)
    for url in (f"/documents/{stored.pk}/report.pdf", stored.url, picture.url, thumbnail_url(picture)):
        with django_assert_max_num_queries(DOWNLOAD_QUERIES):
            assert client.get(url).status_code == 200, url
    unused = private_pdf("unused.pdf")
    client.force_login(publisher)  # staff previewing: the file, then the session, the user and their rights
    client.get(stored.url)  # (a user's first request makes their CMS settings)
    with django_assert_max_num_queries(DOWNLOAD_QUERIES + 4):
        assert client.get(unused.url).status_code == 200


def test_a_public_file_answers_304_when_unchanged(client, publisher):
    stored = private_pdf()
    page_using(stored, publisher)
    etag = download(client, stored)["ETag"]
    assert client.get(stored.url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_forged_initial_value_does_not_get_past_the_check(client, editor):
    """is_public has a callable default, so Django's form compares it with a hidden "initial-is_public" the
    browser posts back: the check must compare with the stored value instead."""
    stored = private_pdf()
    client.force_login(editor)
    data = change_form(client, stored, is_public="on", **{"initial-is_public": "on"})
    response = client.post(change_url(stored), data)
    assert response.status_code == 200
    assert not fresh(stored).is_public


@pytest.mark.parametrize("as_text", [False, True])
def test_a_link_blocks_file_link_counts_as_a_use(client, publisher, as_text):
    """djangocms-link keeps the file's id in its JSON field: a number from code, text from its form."""
    stored = private_pdf()
    _, content = strategy_page("Page linking a file", publisher, publish=False)
    file_id = str(stored.pk) if as_text else stored.pk
    add_plugin(
        content.get_placeholders().get(slot="content"), "LinkPlugin", "en", name="Report", link={"file_link": file_id}
    )
    assert download(client, stored).status_code == 404
    Version.objects.get_for_content(content).publish(publisher)
    assert download(client, stored).status_code == 200
    assert download(client, private_pdf("other.pdf")).status_code == 404


def test_stored_addresses_lead_to_the_checking_view_on_disk_and_on_s3():
    from documents.storage import CheckedFileSystemStorage
    from documents.storage_s3 import CheckedS3Storage

    assert CheckedFileSystemStorage().url("filer_public/ab/cd/x y.pdf") == "/files/filer_public/ab/cd/x%20y.pdf"
    s3 = CheckedS3Storage(bucket_name="localoffer-media", endpoint_url="http://127.0.0.1:9000")
    assert s3.url("filer_private/ab/cd/x.pdf") == "/files/filer_private/ab/cd/x.pdf"
    assert s3.default_acl == "private"


def test_the_migration_makes_existing_files_not_public_without_moving_them(seeded):
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("documents.migrations.0002_files_follow_publication")
    stored = filer_file("old.pdf", pdf(1), is_public=True)
    name = stored.file.name
    migration.not_public_by_default(django_apps, None)
    after = fresh(stored)
    assert (after.is_public, after.file.name) == (False, name)
    assert after.file.storage.exists(name)


def test_an_editor_cannot_replace_a_published_article_image(client, editor, publisher):
    picture = stored_image()
    article_with_image(publisher, picture)
    before = content_of(client.get(picture.url))
    client.force_login(editor)
    page = client.get(change_url(picture))
    assert "Public even when no published page uses it" in page.content.decode()
    response = replace(client, picture, image("JPEG"), name="other.jpg")
    assert response.status_code == 200
    assert "Only a Publisher can do that" in response.content.decode()
    client.logout()
    assert content_of(client.get(picture.url)) == before
