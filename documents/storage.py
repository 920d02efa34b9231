"""Where media-library (filer) files live, and the address they get.

Every filer file and thumbnail is stored where nothing serves it directly: local disk under MEDIA_ROOT (which
no route or web server publishes) or a private S3 bucket. Its URL points at ``documents.serving.serve``
(``FILES_URL``), which looks the file up and streams it only to staff or while the public may see it
(``documents.visibility``). So a file that only a draft uses, or that a page stopped using, cannot be fetched by
guessing or remembering its address, and ``image.url`` / thumbnail URLs in templates need no change.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri


class ServedByViewMixin:
    """``url()`` is the checking view's address for the stored name, never the storage's own address."""

    def url(self, name, *args, **kwargs):
        return settings.FILES_URL + filepath_to_uri(name).lstrip("/")


class CheckedFileSystemStorage(ServedByViewMixin, FileSystemStorage):
    """Local disk, under MEDIA_ROOT (read lazily, so tests may point it elsewhere)."""
