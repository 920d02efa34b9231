"""The Image block (documents app): required alternative text or an explicit "decorative only", an optional
caption, and smaller copies made when it is saved, rendered as a <figure> whose image reserves its space."""

import re

import pytest
from cms.api import add_plugin, create_page
from cms.models import PageContent
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from djangocms_versioning.models import Version

from documents.images import RENDITION_WIDTHS, ImageBlock, rendition_widths

from .factories_images import filer_image, image_bytes


@pytest.fixture
def page_body(publisher):
    """The content placeholder of a new draft page: the block is usable on pages as well as articles."""
    page = create_page("Photos of the open event", "page.html", "en", created_by=publisher)
    content = PageContent.admin_manager.get(page=page, language="en")
    return page, content, content.get_placeholders().get(slot="content")


def block(**fields):
    return ImageBlock(**{"alt_text": "", "decorative": False, "caption": "", **fields})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Describe the image for people who cannot see it"),
        ({"alt_text": "   "}, "Describe the image for people who cannot see it"),
        ({"alt_text": "A pattern", "decorative": True}, "A decorative image has no alternative text"),
    ],
)
def test_alternative_text_is_required_unless_the_image_is_decorative(fields, message):
    with pytest.raises(ValidationError, match=message):
        block(**fields).clean()


def test_a_decorative_image_or_a_described_one_is_accepted(db):
    block(decorative=True).clean()
    block(alt_text="Parents at the open event").clean()


def test_the_file_name_is_not_a_description(db):
    image = filer_image("IMG_2041.jpg", width=40, height=30)
    with pytest.raises(ValidationError, match="not its file name"):
        block(image=image, alt_text="IMG_2041").clean()


def test_copies_are_never_wider_than_the_image():
    assert rendition_widths(4000) == list(RENDITION_WIDTHS)
    assert rendition_widths(900) == [480, 760, 900]
    assert rendition_widths(300) == [300]


def test_the_block_renders_an_accessible_figure_that_keeps_its_space(client, page_body, publisher):
    page, content, placeholder = page_body
    image = filer_image("open-event.jpg", width=1600, height=900)
    add_plugin(
        placeholder,
        "ImageBlockPlugin",
        "en",
        image=image,
        alt_text="Parents & staff at the <open> event",
        caption="Photo: <b>Lancashire</b> Parent Carer Forum",
    )
    saved = ImageBlock.objects.get(placeholder=placeholder)
    assert [copy["width"] for copy in saved.renditions] == [480, 760, 1140, 1520]
    assert [copy["height"] for copy in saved.renditions] == [270, 428, 641, 855]
    Version.objects.get_for_content(content).publish(publisher)

    html = client.get(page.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="image-block">.*?</figure>', html, re.S).group(0)
    assert 'alt="Parents &amp; staff at the &lt;open&gt; event"' in figure
    assert 'width="760" height="428"' in figure
    assert re.search(r'srcset="[^"]+ 480w, [^"]+ 760w, [^"]+ 1140w, [^"]+ 1520w"', figure)
    assert 'sizes="(min-width: 792px) 760px, calc(100vw - 32px)"' in figure
    assert "<figcaption" in figure and "Photo: &lt;b&gt;Lancashire&lt;/b&gt; Parent Carer Forum" in figure
    assert "css/documents.css" in html  # the block brings its own styles


def test_a_decorative_image_has_an_empty_alt(client, page_body, publisher):
    page, content, placeholder = page_body
    add_plugin(placeholder, "ImageBlockPlugin", "en", image=filer_image("pattern.png", 200, 50), decorative=True)
    Version.objects.get_for_content(content).publish(publisher)
    html = client.get(page.get_absolute_url()).content.decode()
    assert re.search(
        r'<img class="image-block__image" src="[^"]+" srcset="[^"]+ 200w" sizes="[^"]+" width="200" height="50" alt=""',
        html,
    )


def test_a_replaced_image_gets_new_copies(client, page_body, publisher):
    page, content, placeholder = page_body
    image = filer_image("map.png", width=600, height=600)
    add_plugin(placeholder, "ImageBlockPlugin", "en", image=image, alt_text="Map of the units")
    Version.objects.get_for_content(content).publish(publisher)
    assert 'width="600" height="600"' in client.get(page.get_absolute_url()).content.decode()

    image.file = ContentFile(image_bytes("map.png", 500, 250), name="map.png")
    image.save()
    from django.core.cache import cache

    cache.clear()
    assert 'width="500" height="250"' in client.get(page.get_absolute_url()).content.decode()
    assert ImageBlock.objects.get(placeholder=placeholder).renditions[-1]["width"] == 500


def test_an_image_deleted_from_the_media_library_leaves_no_broken_image(client, page_body, publisher):
    page, content, placeholder = page_body
    image = filer_image("gone.jpg", width=100, height=100)
    add_plugin(placeholder, "ImageBlockPlugin", "en", image=image, alt_text="Soon gone")
    Version.objects.get_for_content(content).publish(publisher)
    image.delete()
    html = client.get(page.get_absolute_url()).content.decode()
    assert "Soon gone" not in html and "image-block" not in html


def test_an_unreadable_file_falls_back_to_the_original(page_body):
    _, _, placeholder = page_body
    image = filer_image("broken.jpg", width=100, height=80)
    image.file.storage.delete(image.file.name)
    add_plugin(placeholder, "ImageBlockPlugin", "en", image=image, alt_text="A broken file")
    saved = ImageBlock.objects.get(placeholder=placeholder)
    assert saved.renditions == []
    assert saved.picture()["src"] == image.url and saved.picture()["width"] == 100
