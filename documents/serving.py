"""Serving media-library files: the only way a filer file or thumbnail reaches a browser.

- ``/documents/<id>/<name>``: a document download (the Document block's link), as an attachment.
- ``/files/<stored name>``: what ``File.url`` and thumbnail URLs point at (``documents.storage``): images
  shown in pages and the admin's previews. Images are shown inline, other files are attachments.

Both stream a file to the public only while it is visible (``documents.visibility``: published content uses
it, or a Publisher marked it public), and to staff who may view the media library always; anything else is a
404, the same answer as for a file that does not exist. One query for an anonymous request. The type comes
from the file's content (``FileFacts``), never from its name, and is never sniffed.
"""

import hashlib
import mimetypes

from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe
from filer import settings as filer_settings
from filer.models import File

from .models import safe_filename
from .visibility import with_visibility

INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
THUMBNAIL_DIRS = tuple(
    options["base_dir"].rstrip("/") + "/"
    for options in (
        filer_settings.FILER_PUBLICMEDIA_THUMBNAIL_OPTIONS,
        filer_settings.FILER_PRIVATEMEDIA_THUMBNAIL_OPTIONS,
    )
)
STAFF_VIEW_PERMISSION = "filer.view_file"


def is_media_staff(user):
    """Staff who may browse the media library (and, where two-factor sign-in is on, completed it)."""
    if not (user.is_authenticated and user.is_staff and user.has_perm(STAFF_VIEW_PERMISSION)):
        return False
    verified = getattr(user, "is_verified", None)
    return verified() if callable(verified) else True


def find_file(request, **lookup):
    """The file with its facts and whether the public may see it, in one query; 404 when the requester may not
    have it or it is not a file we publish (no facts: refused by the content check)."""
    queryset = File.objects.non_polymorphic().select_related("document_facts").filter(**lookup)
    # Visible rows first: two media-library entries can share one stored file.
    found = with_visibility(queryset).order_by("-visible", "pk").first()
    if found is None or not hasattr(found, "document_facts"):
        raise Http404("No such file.")
    if found.visible:
        return found, True
    if is_media_staff(request.user):
        return found, False
    raise Http404("No such file.")


def stream(request, storage, name, *, etag, content_type, public, filename=None, attachment=True, size=None):
    """The stored file as a response: conditional on its ETag, cached by browsers and CDNs only with
    revalidation (a file the public loses must not live on in a cache), private for staff-only files."""
    not_modified = get_conditional_response(request, etag=etag) if public else None
    if not_modified is not None:
        return not_modified
    try:
        handle = storage.open(name, "rb")
    except OSError as error:
        raise Http404("No such file.") from error
    response = FileResponse(handle, as_attachment=attachment, filename=filename, content_type=content_type)
    if size is not None:
        response["Content-Length"] = str(size)
    response["ETag"] = etag
    response["Cache-Control"] = "public, no-cache" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def stream_file(request, filer_file, public, attachment):
    facts = filer_file.document_facts
    if facts.sha1 != (filer_file.sha1 or ""):
        raise Http404("No such file.")  # replaced, and its content not checked yet
    return stream(
        request,
        filer_file.file.storage,
        filer_file.file.name,
        etag=f'"{filer_file.sha1}"',
        content_type=facts.mime_type,
        public=public,
        filename=safe_filename(filer_file.original_filename or filer_file.file.name),
        attachment=attachment or facts.mime_type not in INLINE_TYPES,
        size=facts.size,
    )


@require_safe
def download(request, pk, name):
    """A document, by id (the Document block's link): always an attachment under a safe name."""
    filer_file, public = find_file(request, pk=pk)
    return stream_file(request, filer_file, public, attachment=True)


def thumbnail_source(path):
    """The stored name of the original a thumbnail was made from (filer names thumbnails
    ``<thumbnail dir>/<original name>__<options>.<ext>``), or None if ``path`` is not a thumbnail."""
    directory = next((d for d in THUMBNAIL_DIRS if path.startswith(d)), None)
    if directory is None or "__" not in path:
        return None
    return path[len(directory) :].rsplit("__", 1)[0]


@require_safe
def serve(request, path):
    """A file or thumbnail by its stored name (``File.url``, thumbnail URLs)."""
    if ".." in path.split("/"):
        raise Http404("No such file.")
    source = thumbnail_source(path)
    filer_file, public = find_file(request, file=source or path)
    if source is None:
        return stream_file(request, filer_file, public, attachment=False)
    content_type = mimetypes.guess_type(path)[0]
    if content_type not in INLINE_TYPES:
        raise Http404("No such file.")
    return stream(
        request,
        filer_file.file.thumbnail_storage,
        path,
        etag=f'"{filer_file.sha1}-{hashlib.sha256(path.encode()).hexdigest()[:16]}"',
        content_type=content_type,
        public=public,
        attachment=False,
    )
