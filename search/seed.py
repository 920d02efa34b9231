from cms.utils.apphook_reload import get_global_revision, reload_urlconf

from .indexing import rebuild


def seed(stdout):
    """Build the search index from the content the earlier seed steps made (they ran before this one).

    Indexing while those steps published pages resolved URLs, which loaded the CMS URLconf before every
    apphook page existed; reload it first, so the index (and anything else later in this process) gets the
    apphooks' real addresses.
    """
    reload_urlconf(new_revision=get_global_revision())
    counts = rebuild()
    stdout.write("Search index: " + ", ".join(f"{count} {kind}" for kind, count in counts.items()))
