"""Article bodies in a real browser: an Editor writes a new article and its body in Structure mode (two
paragraphs, a link, a document and an image), a Publisher publishes it and the public reads all of it; an
existing article copied into a new draft keeps its old body public until it is published."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.factories import StaffUserFactory
from tests.factories_images import filer_image

from .pages import (
    AdminLoginPage,
    ArticleAddForm,
    ArticleList,
    CmsToolbar,
    SitePage,
    StructureBoard,
    describe_violations,
)

pytestmark = pytest.mark.browser

TITLE = "Short breaks open day in Preston"
SLUG = "short-breaks-open-day-in-preston"
PARAGRAPHS = [
    "Families can meet the short breaks providers at the open day in Preston.",
    "Booking is not needed: come along on the day with your children.",
]
LINK = ("Read the short breaks statement", "https://www.lancashire.gov.uk/short-breaks")
DOCUMENT = "SEND Plan 2021 to 2025"
SAMPLE_FOLDER = "Strategies and plans (sample files)"
SAMPLE_FILE = "SEND Plan 2021 to 2025 (sample file)"
IMAGE_ALT = "Parents talking to providers at last year's open day"
SEEDED_PATH = "/news/send-plan-2021-2025-approved/"
SEEDED_TEXT = "The SEND Plan 2021-2025 was approved by the SEND Partnership Board"
NEW_PARAGRAPH = "Update: the plan's first year review is now online."


def signed_in(new_context, site, username, group):
    StaffUserFactory(username=username, groups=[group])
    page = new_context().new_page()
    AdminLoginPage(page, site.url).login(username)
    return page


def public_text(new_context, site, path, expected_status=200):
    page = new_context().new_page()
    SitePage(page, site.url).goto(path, expected_status=expected_status)
    return page, page.locator("#main-content").inner_text()


def write_body(page):
    """In Structure mode: the article's Body, with its "+", and the four kinds of block."""
    board = StructureBoard(page)
    board.open()
    assert board.placeholder_names() == ["Body"]
    assert board.offered_blocks("Body") == ["Document", "Image", "Link", "Text"]

    text = board.add("Body", "Text")
    text.write_text(PARAGRAPHS)
    text.save()

    link = board.add("Body", "Link")
    link.link_to(*LINK)
    link.save()

    document = board.add("Body", "Document")
    document.field("Title").fill(DOCUMENT)
    document.choose_file("file", SAMPLE_FOLDER, SAMPLE_FILE)
    chosen = document.chosen_file("file")
    assert SAMPLE_FILE in chosen["name"]
    assert chosen["icon_loaded"], "the media-library widget shows a broken icon for the chosen file"
    document.save()

    image = board.add("Body", "Image")
    image.choose_file("image", "Unsorted Uploads", "open-day.jpg")
    image.field("Alternative text").fill(IMAGE_ALT)
    image.save()

    expect(board.placeholder("Body").locator(".cms-draggable")).to_have_count(4)
    blocks = board.blocks("Body")
    assert [block.split()[0] for block in blocks] == ["Text", "Link", "Document", "Image"], blocks


def test_editor_writes_an_article_with_a_body_and_a_publisher_publishes_it(fresh_site, new_context):
    editor = signed_in(new_context, fresh_site, "editor", "Editors")
    # The Editor's own upload: the media library lists unfiled uploads to the person who uploaded them.
    filer_image("open-day.jpg", width=1200, height=800, owner=get_user_model().objects.get(username="editor"))
    form = ArticleAddForm(editor, fresh_site.url)
    form.open()
    form.fill(TITLE, "The short breaks open day is on 12 March in Preston.", "Events and engagement")
    expect(form.slug).to_have_value(SLUG)  # the address follows the title
    form.save()

    ArticleList(editor, fresh_site.url).open_draft(TITLE)
    assert "/edit/" in editor.url, "the new article's draft does not open for editing"
    toolbar = CmsToolbar(editor)
    write_body(editor)
    assert toolbar.publish_button.count() == 0, "an Editor is offered Publish"
    public_text(new_context, fresh_site, f"/news/{SLUG}/", expected_status=404)  # a draft is not public

    publisher = signed_in(new_context, fresh_site, "publisher", "Publishers")
    ArticleList(publisher, fresh_site.url).open_draft(TITLE)
    CmsToolbar(publisher).publish()

    reader, seen = public_text(new_context, fresh_site, f"/news/{SLUG}/")
    for paragraph in PARAGRAPHS:
        assert paragraph in seen
    expect(reader.locator("#main-content .prose p", has_text=PARAGRAPHS[1])).to_have_count(1)
    expect(reader.get_by_role("link", name=LINK[0])).to_have_attribute("href", LINK[1])
    document_link = reader.get_by_role("link", name=re.compile(rf"^{DOCUMENT} \(PDF, "))  # with type, size, pages
    expect(document_link).to_have_attribute("href", re.compile(r"^/documents/\d+/send-plan-2021-2025\.pdf$"))
    image = reader.locator("figure.image-block img")
    expect(image).to_have_attribute("alt", IMAGE_ALT)
    expect(image).to_have_attribute("width", "760")  # the copy for the column; 1200 x 800 scaled
    assert image.get_attribute("height") in ("506", "507")
    violations = SitePage(reader, fresh_site.url).axe_violations()
    assert violations == [], describe_violations(violations)


def test_a_new_draft_of_a_published_article_stays_private_until_published(fresh_site, new_context):
    editor = signed_in(new_context, fresh_site, "editor", "Editors")
    toolbar = CmsToolbar(editor)
    toolbar.open(fresh_site.url, SEEDED_PATH)
    expect(toolbar.edit_button).to_have_text("New Draft")
    toolbar.start_editing()
    board = StructureBoard(editor)
    board.open()
    text = board.add("Body", "Text")
    text.write_text([NEW_PARAGRAPH])
    text.save()

    _, seen = public_text(new_context, fresh_site, SEEDED_PATH)
    assert SEEDED_TEXT in seen and NEW_PARAGRAPH not in seen, "the public sees the draft"

    publisher = signed_in(new_context, fresh_site, "publisher", "Publishers")
    publisher_toolbar = CmsToolbar(publisher)
    publisher_toolbar.open(fresh_site.url, SEEDED_PATH)
    expect(publisher_toolbar.edit_button).to_have_text("Edit")  # the Editor's draft
    publisher_toolbar.start_editing()
    publisher_toolbar.publish()

    _, seen = public_text(new_context, fresh_site, SEEDED_PATH)
    assert SEEDED_TEXT in seen and NEW_PARAGRAPH in seen
