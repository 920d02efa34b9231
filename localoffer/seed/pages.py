"""Create and publish the CMS page tree from content.PAGES. Pages that already exist are left alone."""

from cms.api import add_plugin, create_page
from cms.models import Page, PageContent
from cms.utils.apphook_reload import mark_urlconf_as_changed
from django.contrib.auth import get_user_model
from djangocms_versioning.models import Version

from .content import PAGES, PageSpec

LANGUAGE = "en"
SEED_USERNAME = "site-seed"


def seed_user():
    """The author recorded on seeded versions. It cannot sign in."""
    user, created = get_user_model().objects.get_or_create(
        username=SEED_USERNAME, defaults={"is_active": False, "first_name": "Seed", "last_name": "content"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def create_published_page(spec: PageSpec, user, parent=None):
    page = create_page(
        spec.title,
        spec.template,
        LANGUAGE,
        slug=spec.slug,
        menu_title=spec.menu_title,
        meta_description=spec.description,
        parent=parent,
        reverse_id=spec.reverse_id,
        in_navigation=spec.in_navigation,
        apphook=spec.apphook,
        apphook_namespace=spec.apphook_namespace,
        created_by=user,
    )
    # PageContent.objects only sees published content; the new draft needs the admin manager.
    content = PageContent.admin_manager.get(page=page, language=LANGUAGE)
    placeholders = content.rescan_placeholders()
    for slot, html in spec.slots.items():
        add_plugin(placeholders[slot], "TextPlugin", LANGUAGE, body=html.strip())
    Version.objects.get_for_content(content).publish(user)
    return page


def seed(stdout):
    user = seed_user()
    pages = {page.reverse_id: page for page in Page.objects.filter(reverse_id__isnull=False)}
    created = 0
    for spec in PAGES:
        if spec.reverse_id in pages:
            continue
        parent = pages[spec.parent] if spec.parent else None
        pages[spec.reverse_id] = create_published_page(spec, user, parent)
        created += 1
    home = pages["home"]
    if not home.is_home:
        home.set_as_homepage(user)
    mark_urlconf_as_changed()
    stdout.write(f"Pages: {created} created, {len(PAGES) - created} already there")
