"""The media-library widget (filer's file and image pickers) shows the file staff chose.

django-filer 3.6's ``{% file_icon_url %}`` passes the icon's URL through ``escapejs``, a leftover from when the
URL went into an inline ``onclick`` script. It now goes into a ``data-icon-url`` attribute that the picker's
JavaScript reads with ``dataset`` (filer/js/addons/popup_handling.js), where nothing undoes the JavaScript
escapes: every "-" arrives as a literal ``\\u002D``. Hyphens are in every thumbnail's path (filer's folders are
UUIDs, easy-thumbnails adds "subsampling-2") and in the static icons ("file-pdf.svg"), so after "Choose File" the
widget requested a URL that does not exist and showed a broken image with the alt text "no file selected".

``use_attribute_escaping()`` replaces that one tag with the same lookup, HTML-escaped as an attribute needs
(a simple tag's output is escaped by the template engine), and leaves the rest of filer alone.
"""

from filer.settings import FILER_TABLE_ICON_SIZE
from filer.templatetags import filer_admin_tags


def file_icon_url(file):
    """The URL of a file's icon or thumbnail in the picker, as filer computes it (the 2x size when there is one)."""
    if not hasattr(file, "_plain_file_icon_url"):
        size = 2 * FILER_TABLE_ICON_SIZE
        context = filer_admin_tags.file_icon_context(file, False, size, size)
        file._plain_file_icon_url = context.get("highres_url", context["icon_url"])
    return file._plain_file_icon_url


def use_attribute_escaping():
    filer_admin_tags.register.simple_tag(file_icon_url, name="file_icon_url")
