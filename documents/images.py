"""The Image block: one media-library (filer) image in a page or a news article's body, with its alternative
text, an optional caption and ready-made smaller copies for small screens.

Alternative text is required, unless staff say the image is decorative only (WCAG 1.1.1: a decorative image
gets an empty ``alt`` so screen readers skip it; forcing text onto it produces "image of a pattern" noise).
The choice is explicit, so an empty alt is never an oversight.

The smaller copies ("renditions", made with easy-thumbnails) are made when the block is saved, never while a
page renders: rendering reads only this row and its image (one join, no file access, no thumbnail lookups).
If the image's file is replaced in the media library, the block notices (the file's checksum changed) and makes
new copies the next time it is shown.
"""

import logging

from cms.models import CMSPlugin
from django.core.exceptions import ValidationError
from django.db import models
from filer.fields.image import FilerImageField

logger = logging.getLogger(__name__)

# Widths of the copies, in CSS pixels of the content column (40em of 19 px text: 760 px) at 1x and 2x, and
# one for small phones. An image is never enlarged: narrower images get one copy at their own width.
RENDITION_WIDTHS = (480, 760, 1140, 1520)
# The copy used as ``src`` (browsers without srcset, and the width/height that reserve the space).
DEFAULT_WIDTH = 760
# How wide the image is shown: the content column, or the screen less the page padding on narrow screens.
SIZES = "(min-width: 792px) 760px, calc(100vw - 32px)"


class ImageBlockManager(models.Manager):
    def get_queryset(self):
        # The CMS loads a placeholder's blocks through this manager: the image comes in the same query.
        return super().get_queryset().select_related("image")


class ImageBlock(CMSPlugin):
    image = FilerImageField(
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Upload an image or choose one from the media library.",
    )
    alt_text = models.CharField(
        "alternative text",
        max_length=300,
        blank=True,
        help_text="What the image shows or says, for people who cannot see it, e.g. 'Parents and staff at the "
        "open event in Preston'. Required unless the image is decorative only.",
    )
    decorative = models.BooleanField(
        "decorative only",
        default=False,
        help_text="Tick only if the image adds nothing to the text (a pattern, a mood photo). Screen readers "
        "then skip it. Charts, photos of people or events and pictures of text are never decorative.",
    )
    caption = models.CharField(
        max_length=300, blank=True, help_text="Optional. Shown under the image to everyone, e.g. who took it."
    )
    renditions = models.JSONField(default=list, blank=True, editable=False)
    source_sha1 = models.CharField(max_length=40, blank=True, editable=False)

    objects = ImageBlockManager()

    class Meta:
        verbose_name = "image block"

    def __str__(self):
        return self.alt_text or self.caption or ("Decorative image" if self.decorative else "Image")

    def clean(self):
        errors = {}
        alt_text = self.alt_text.strip()
        if self.decorative and alt_text:
            errors["alt_text"] = (
                "A decorative image has no alternative text: clear it, or untick 'Decorative only' if the image "
                "shows something people need."
            )
        elif not self.decorative and not alt_text:
            errors["alt_text"] = (
                "Describe the image for people who cannot see it, or tick 'Decorative only' if it adds nothing "
                "to the text."
            )
        elif self.image_id and alt_text.lower() in self.file_names():
            errors["alt_text"] = "Describe what the image shows, not its file name."
        if errors:
            raise ValidationError(errors)

    def file_names(self):
        image = self.image
        names = {image.original_filename or "", image.label or "", (image.original_filename or "").rsplit(".", 1)[0]}
        return {name.lower() for name in names if name}

    def save(self, *args, **kwargs):
        self.alt_text = self.alt_text.strip()
        if self.renditions_are_stale():
            self.refresh_renditions()
        super().save(*args, **kwargs)

    def renditions_are_stale(self):
        image = self.image
        if image is None:
            return bool(self.renditions)
        return not self.renditions or self.source_sha1 != (image.sha1 or "")

    def refresh_renditions(self):
        """Make the smaller copies of the image now. A file that cannot be read leaves none: the block then shows
        the original file."""
        image = self.image
        self.renditions, self.source_sha1 = [], ""
        if image is None or not image.width:
            return
        try:
            self.renditions = make_renditions(image)
        except Exception:  # Pillow and easy-thumbnails raise many kinds for a broken or missing file
            logger.warning("Could not make copies of image %s for image block %s", image.pk, self.pk, exc_info=True)
            return
        self.source_sha1 = image.sha1 or ""

    def picture(self):
        """What the template needs: src, srcset, sizes, width, height, alt. None when the image is gone."""
        image = self.image
        if image is None:
            return None
        if self.renditions_are_stale():
            self.refresh_renditions()
            if self.pk:
                type(self).objects.filter(pk=self.pk).update(renditions=self.renditions, source_sha1=self.source_sha1)
        alt = "" if self.decorative else self.alt_text
        if not self.renditions:
            return {"src": image.url, "srcset": "", "width": int(image.width), "height": int(image.height), "alt": alt}
        storage = image.file.thumbnail_storage
        urls = [(storage.url(copy["name"]), copy) for copy in self.renditions]
        default_url, default = min(urls, key=lambda pair: abs(pair[1]["width"] - DEFAULT_WIDTH))
        return {
            "src": default_url,
            "srcset": ", ".join(f"{url} {copy['width']}w" for url, copy in urls),
            "sizes": SIZES,
            "width": default["width"],
            "height": default["height"],
            "alt": alt,
        }


def rendition_widths(image_width):
    """The copies to make for an image this wide: never wider than the image itself."""
    return sorted({min(width, int(image_width)) for width in RENDITION_WIDTHS})


def make_renditions(image):
    thumbnailer = image.easy_thumbnails_thumbnailer
    renditions = []
    for width in rendition_widths(image.width):
        options = {"size": (width, 0), "subject_location": image.subject_location}
        copy = thumbnailer.get_thumbnail(options)
        renditions.append({"name": copy.name, "width": copy.width, "height": copy.height})
    return renditions
