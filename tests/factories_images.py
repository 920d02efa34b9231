"""Real images in the media library (filer), made in memory with Pillow."""

import io

from django.core.files.base import ContentFile
from filer.models import Image
from PIL import Image as PillowImage

FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}


def image_bytes(name, width, height, colour=(29, 112, 184)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), colour).save(buffer, format=FORMATS[name.rsplit(".", 1)[-1].lower()])
    return buffer.getvalue()


def filer_image(name="photo.jpg", width=1600, height=900, owner=None, is_public=True):
    return Image.objects.create(
        original_filename=name,
        file=ContentFile(image_bytes(name, width, height), name=name),
        owner=owner,
        is_public=is_public,
    )
