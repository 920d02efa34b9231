"""The media library (django-filer's admin): files that published content uses are live, so only Publishers
change, replace, move, rename, delete or mark them public (documents/filer_admin.py). Moving and renaming do
not show on the public site (the download keeps its address and name): for Publishers they are DRAFT rows,
"changed, nothing public changed"."""

import hashlib

from cms.api import add_plugin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from djangocms_versioning.models import Version
from filer.models import File, Folder

from tests.factories import StaffUserFactory
from tests.factories_documents import filer_file, pdf, strategy_page
from tests.roles.matrix import DRAFT, LIVE, REFUSED, Row, change_form_data

ALL_REFUSED_BUT_PUBLISHERS = {"anonymous": REFUSED, "editor": REFUSED, "publisher": LIVE, "superuser": LIVE}
UPLOAD_NAME = "matrix-upload.pdf"


def library_file(name="matrix.pdf", pages=2):
    """A file in a media-library folder, used by nothing."""
    stored = filer_file(name, pdf(pages), is_public=False)
    stored.folder, _ = Folder.objects.get_or_create(name="Matrix reports", parent=None)
    stored.save()
    return stored


def file_on_page(publish):
    """A file shown by a Document block on a strategy page, published or only in a draft."""
    owner = StaffUserFactory(username="matrix-page-author", groups=["Publishers"])
    stored = library_file()
    _, content = strategy_page(f"Matrix page {stored.pk}", owner, publish=False)
    add_plugin(content.get_placeholders().get(slot="documents"), "DocumentPlugin", "en", title="Report", file=stored)
    if publish:
        Version.objects.get_for_content(content).publish(owner)
    other = Folder.objects.get_or_create(name="Matrix archive", parent=None)[0]
    return {"file": stored, "other_folder": other}


def published_file():
    return file_on_page(publish=True)


def draft_file():
    return file_on_page(publish=False)


def unused_file():
    return {"file": library_file()}


def download(ctx, client):
    """What the public gets at the file's download address: status and content."""
    response = client.get(f"/documents/{ctx['file'].pk}/report.pdf")
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, hashlib.sha256(body).hexdigest()


def stored(ctx):
    """The file as the media library holds it (content, name, folder), or None once deleted."""
    found = File.objects.non_polymorphic().filter(pk=ctx["file"].pk).first()
    return found and (found.sha1, found.name, found.folder_id, found.is_public)


def change(client, ctx, **changes):
    url = reverse("admin:filer_file_change", args=[ctx["file"].pk])
    return client.post(url, change_form_data(File.objects.non_polymorphic().get(pk=ctx["file"].pk), **changes))


def replace(client, ctx):
    return change(client, ctx, file=SimpleUploadedFile("report.pdf", pdf(7)))


def folder_action(client, ctx, action, **extra):
    folder = ctx["file"].folder
    data = {"action": action, "_selected_action": [f"file-{ctx['file'].pk}"], "index": 0, "post": "yes", **extra}
    return client.post(reverse("admin:filer-directory_listing", args=[folder.pk]), data)


def uploaded(ctx, client):
    """Files with the uploaded name that the public can download (a new upload is not public)."""
    names = File.objects.filter(original_filename=UPLOAD_NAME).values_list("pk", flat=True)
    return [pk for pk in names if client.get(f"/documents/{pk}/x.pdf").status_code == 200]


ROWS = [
    Row(
        "media library: upload a new file (not public until published content uses it)",
        act=lambda client, ctx: client.post(
            reverse("admin:filer-ajax_upload"), {"file": SimpleUploadedFile(UPLOAD_NAME, pdf(1))}
        ),
        public=uploaded,
        draft=lambda ctx: File.objects.filter(original_filename=UPLOAD_NAME).count(),
        expect={"anonymous": REFUSED, "editor": DRAFT, "publisher": DRAFT, "superuser": DRAFT},
    ),
    Row(
        "media library: replace the file of a published document",
        setup=published_file,
        act=replace,
        public=download,
        draft=stored,
        expect=ALL_REFUSED_BUT_PUBLISHERS,
    ),
    Row(
        "media library: replace a file only a draft uses",
        setup=draft_file,
        act=replace,
        public=download,
        draft=stored,
        expect={"anonymous": REFUSED, "editor": DRAFT, "publisher": DRAFT, "superuser": DRAFT},
    ),
    Row(
        "media library: edit the details of a published file",
        setup=published_file,
        act=lambda client, ctx: change(client, ctx, name="Renamed in the matrix"),
        public=download,
        draft=stored,
        expect={"anonymous": REFUSED, "editor": REFUSED, "publisher": DRAFT, "superuser": DRAFT},
    ),
    Row(
        "media library: delete a published file",
        setup=published_file,
        act=lambda client, ctx: client.post(reverse("admin:filer_file_delete", args=[ctx["file"].pk]), {"post": "yes"}),
        public=download,
        draft=stored,
        expect=ALL_REFUSED_BUT_PUBLISHERS,
    ),
    Row(
        "media library: delete a published file with the folder's action",
        setup=published_file,
        act=lambda client, ctx: folder_action(client, ctx, "delete_files_or_folders"),
        public=download,
        draft=stored,
        expect=ALL_REFUSED_BUT_PUBLISHERS,
    ),
    Row(
        "media library: delete the folder holding a published file",
        setup=published_file,
        act=lambda client, ctx: client.post(
            reverse("admin:filer_folder_delete", args=[ctx["file"].folder_id]), {"post": "yes"}
        ),
        public=download,
        draft=stored,
        expect=ALL_REFUSED_BUT_PUBLISHERS,
    ),
    Row(
        "media library: bulk-delete a published file from the file list",
        setup=published_file,
        act=lambda client, ctx: client.post(
            reverse("admin:filer_file_changelist"),
            {"action": "delete_selected", "_selected_action": [ctx["file"].pk], "post": "yes"},
        ),
        public=download,
        draft=stored,
        expect=ALL_REFUSED_BUT_PUBLISHERS,
    ),
    Row(
        "media library: move a published file to another folder",
        setup=published_file,
        act=lambda client, ctx: folder_action(
            client, ctx, "move_files_and_folders", destination=ctx["other_folder"].pk
        ),
        public=download,
        draft=stored,
        expect={"anonymous": REFUSED, "editor": REFUSED, "publisher": DRAFT, "superuser": DRAFT},
    ),
    Row(
        "media library: rename a published file with the folder's action",
        setup=published_file,
        act=lambda client, ctx: folder_action(
            client, ctx, "rename_files", rename_format="renamed-%(original_basename)s"
        ),
        public=download,
        draft=stored,
        expect={"anonymous": REFUSED, "editor": REFUSED, "publisher": DRAFT, "superuser": DRAFT},
    ),
    Row(
        "media library: mark a file public",
        setup=unused_file,
        act=lambda client, ctx: change(client, ctx, is_public="on"),
        public=download,
        draft=stored,
        expect=ALL_REFUSED_BUT_PUBLISHERS,
    ),
]
