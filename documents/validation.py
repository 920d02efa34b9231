"""What a council publishes, checked by what a file IS (its bytes), never by its name.

Accepted: PDF, Word (DOCX), Excel (XLSX), OpenDocument text and spreadsheet (ODT, ODS), CSV, plain text, and
PNG, JPEG, GIF and WebP images. Everything else (HTML, SVG, scripts, executables, archives...) is refused, and
so is a file whose name says one type while its content is another (an HTML page named .pdf, a program
renamed .docx). The size limit is ``DOCUMENT_MAX_UPLOAD_MB``.

``inspect(name, fileobj)`` returns the detected ``FileFacts`` (type, size, PDF page count) or raises
``FileValidationError`` with a message written for the member of staff who uploaded the file.
"""

import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from filer.validation import FileValidationError
from pypdf import PdfReader
from pypdf.errors import PdfReadError


@dataclass(frozen=True)
class Format:
    label: str  # what the public reads: "PDF", "Word document"...
    mime_type: str
    extensions: tuple


PDF = Format("PDF", "application/pdf", ("pdf",))
DOCX = Format("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",))
XLSX = Format("Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
ODT = Format("OpenDocument text", "application/vnd.oasis.opendocument.text", ("odt",))
ODS = Format("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", ("ods",))
CSV = Format("CSV", "text/csv", ("csv",))
TEXT = Format("Plain text", "text/plain", ("txt",))
PNG = Format("PNG image", "image/png", ("png",))
JPEG = Format("JPEG image", "image/jpeg", ("jpg", "jpeg"))
GIF = Format("GIF image", "image/gif", ("gif",))
WEBP = Format("WebP image", "image/webp", ("webp",))

FORMATS = (PDF, DOCX, XLSX, ODT, ODS, CSV, TEXT, PNG, JPEG, GIF, WEBP)
BY_MIME = {fmt.mime_type: fmt for fmt in FORMATS}
ACCEPTED_EXTENSIONS = sorted(ext for fmt in FORMATS for ext in fmt.extensions)
ACCEPTED_HELP = (
    "PDF, Word (.docx), Excel (.xlsx), OpenDocument (.odt, .ods), CSV, plain text (.txt), PNG, JPEG, GIF or WebP"
)
# Magic-byte results of the `filetype` library that we accept as they are.
BINARY_BY_DETECTED = {
    "application/pdf": PDF,
    "image/png": PNG,
    "image/jpeg": JPEG,
    "image/gif": GIF,
    "image/webp": WEBP,
}
OPENDOCUMENT = {ODT.mime_type.encode(): ODT, ODS.mime_type.encode(): ODS}
# Text that a browser could run as a page if it ever sniffed it: refused in text files.
ACTIVE_MARKERS = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml", b"<iframe", b"javascript:")
TEXT_SAMPLE = 64 * 1024
ZIP_CONTAINERS = {"application/zip", DOCX.mime_type, XLSX.mime_type, ODT.mime_type, ODS.mime_type}


@dataclass(frozen=True)
class FileFacts:
    format: Format
    size: int
    page_count: int | None = None

    @property
    def mime_type(self):
        return self.format.mime_type


def max_upload_bytes():
    return settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024


def refuse(name, reason):
    raise FileValidationError(f'"{name}" cannot be uploaded: {reason}', code="invalid_document")


def extension_of(name):
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def file_size(fileobj):
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def zip_format(fileobj):
    """Office Open XML and OpenDocument files are zip archives: tell them apart by what is inside."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return OPENDOCUMENT.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    finally:
        fileobj.seek(0)
    return None


def text_format(head, extension):
    """CSV and plain text: strict UTF-8 (a BOM is fine), no control bytes, nothing a browser would run."""
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # The sample may end inside a multi-byte character; anything earlier is not UTF-8.
        if error.start < len(head) - 3:
            return None
        text = head[: error.start].decode("utf-8-sig")
    if any(ord(char) < 32 and char not in "\t\r\n\f" for char in text):
        return None
    lowered = head.lower()
    if any(marker in lowered for marker in ACTIVE_MARKERS):
        return "active"
    return CSV if extension == "csv" else TEXT


def detect_format(fileobj, extension):
    head = fileobj.read(TEXT_SAMPLE)
    fileobj.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        if kind.mime in ZIP_CONTAINERS:
            # `filetype` guesses office files from the first bytes; what is inside the archive decides.
            return zip_format(fileobj)
        return BINARY_BY_DETECTED.get(kind.mime)
    return text_format(head, extension)


def pdf_page_count(name, fileobj):
    try:
        count = len(PdfReader(fileobj).pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        refuse(name, "it looks like a PDF but it is damaged or cannot be read. Save it again as a PDF and retry.")
    finally:
        fileobj.seek(0)
    return count


def inspect(name, fileobj):
    """Check an upload and return what it is. Raises FileValidationError with a message for staff."""
    size = file_size(fileobj)
    if size == 0:
        refuse(name, "the file is empty.")
    if size > max_upload_bytes():
        refuse(name, f"it is larger than the limit of {settings.DOCUMENT_MAX_UPLOAD_MB} MB.")
    extension = extension_of(name)
    fmt = detect_format(fileobj, extension)
    if fmt == "active":
        refuse(name, "it contains web page code (HTML or script), which is not allowed in a text file.")
    if fmt is None:
        refuse(name, f"this type of file is not accepted. Upload {ACCEPTED_HELP}.")
    if extension not in fmt.extensions:
        refuse(
            name,
            f"its content is a {fmt.label} but its name ends in “.{extension}”. Rename it to end in "
            f"“.{fmt.extensions[0]}”, or upload the right file.",
        )
    pages = pdf_page_count(name, fileobj) if fmt is PDF else None
    return FileFacts(format=fmt, size=size, page_count=pages)


def filer_validator(file_name, file, owner, mime_type):
    """Hooked into django-filer's upload validation (settings.FILER_ADD_FILE_VALIDATORS) for every type on
    FILER_MIME_TYPE_WHITELIST: uploads in the filer admin and clipboard are checked by content too."""
    inspect(file_name, file)
    file.seek(0)
