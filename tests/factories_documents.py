"""Small real files of every type the site accepts, and bad ones, built in memory; strategy pages in code."""

import io
import zipfile

from cms.api import add_plugin, create_page
from cms.models import PageContent
from django.core.files.base import ContentFile
from djangocms_versioning.models import Version
from filer.models import File
from PIL import Image

from documents.models import StrategyDetails
from documents.samples import sample_pdf

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/{part}" ContentType="{type}"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="{part}"/>
</Relationships>"""
DOCUMENT_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>SEND Plan</w:t></w:r></w:p></w:body></w:document>"""
WORKBOOK_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Places" sheetId="1" r:id="rId1"/></sheets></workbook>"""
ODF_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
ODF_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2">
<office:body/></office:document-content>"""


def zip_bytes(members, stored_first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            name, data = stored_first
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx():
    part, mime = "word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(part=part, type=mime),
            "_rels/.rels": RELS.format(part=part),
            part: DOCUMENT_XML,
        }
    )


def xlsx():
    part, mime = "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(part=part, type=mime),
            "_rels/.rels": RELS.format(part=part),
            part: WORKBOOK_XML,
        }
    )


def opendocument(mime):
    # OpenDocument: the uncompressed "mimetype" member comes first.
    return zip_bytes(
        {"META-INF/manifest.xml": ODF_MANIFEST.format(mime=mime), "content.xml": ODF_CONTENT},
        stored_first=("mimetype", mime),
    )


def image(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (29, 112, 184)).save(buffer, format=fmt)
    return buffer.getvalue()


def pdf(pages=3):
    return sample_pdf("Test document", "the test suite", "Nowhere.", pages=pages)


GOOD_FILES = {
    "plan.pdf": (pdf, "application/pdf", 3),
    "plan.docx": (docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", None),
    "places.xlsx": (xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", None),
    "plan.odt": (
        lambda: opendocument("application/vnd.oasis.opendocument.text"),
        "application/vnd.oasis.opendocument.text",
        None,
    ),
    "places.ods": (
        lambda: opendocument("application/vnd.oasis.opendocument.spreadsheet"),
        "application/vnd.oasis.opendocument.spreadsheet",
        None,
    ),
    "places.csv": (lambda: b"Unit,Town,Places\nBarden Primary School,Burnley,8\n", "text/csv", None),
    "notes.txt": (lambda: "Plain text notes – with a dash and £.\n".encode(), "text/plain", None),
    "map.png": (lambda: image("PNG"), "image/png", None),
    "photo.jpg": (lambda: image("JPEG"), "image/jpeg", None),
    "photo.jpeg": (lambda: image("JPEG"), "image/jpeg", None),
    "logo.gif": (lambda: image("GIF"), "image/gif", None),
    "photo.webp": (lambda: image("WEBP"), "image/webp", None),
}

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def filer_file(name, data, is_public=True, owner=None):
    return File.objects.create(
        original_filename=name, file=ContentFile(data, name=name), is_public=is_public, owner=owner
    )


def strategy_page(title, user, parent=None, publish=True, summary="<p>What it is.</p>", **details):
    """A strategy page (template, details, summary), published unless asked not to."""
    page = create_page(title, "strategy.html", "en", parent=parent, created_by=user, in_navigation=True)
    content = PageContent.admin_manager.get(page=page, language="en")
    StrategyDetails.objects.create(extended_object=content, **details)
    add_plugin(content.get_placeholders().get(slot="content"), "TextPlugin", "en", body=summary)
    if publish:
        Version.objects.get_for_content(content).publish(user)
    return page, content
