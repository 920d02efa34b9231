"""Staff groups: editors write drafts, publishers also publish. Permissions are set exactly, every run."""

from django.contrib.auth.models import Group, Permission

EDITOR_PERMISSIONS = [
    "cms.add_page",
    "cms.change_page",
    "cms.view_page",
    "cms.use_structure",
    "djangocms_text.add_text",
    "djangocms_text.change_text",
    "djangocms_text.delete_text",
    "djangocms_text.view_text",
    "djangocms_link.add_link",
    "djangocms_link.change_link",
    "djangocms_link.delete_link",
    "djangocms_link.view_link",
    "djangocms_versioning.add_version",
    "djangocms_versioning.change_version",
    "djangocms_versioning.view_version",
    "filer.add_file",
    "filer.change_file",
    "filer.view_file",
    "filer.add_folder",
    "filer.change_folder",
    "filer.view_folder",
    # Browse the media library (and the file picker's folders). Changes to files that published content uses
    # are refused to Editors there (documents/filer_admin.py).
    "filer.can_use_directory_listing",
    "filer.add_image",
    "filer.change_image",
    "filer.view_image",
    # Have your say: editors triage comments and draft responses; only publishers put them in the register.
    "feedback.view_submission",
    "feedback.change_submission",
    "feedback.view_theme",
    # News: editors write articles (drafts) and place the "Latest news" block; publishers publish them.
    "news.add_article",
    "news.change_article",
    "news.view_article",
    "news.add_articlecontent",
    "news.change_articlecontent",
    "news.view_articlecontent",
    "news.view_category",
    "news.add_latestnews",
    "news.change_latestnews",
    "news.delete_latestnews",
    "news.view_latestnews",
    # Strategies and plans: editors make a page a strategy (its details) and add documents to it.
    "documents.add_document",
    "documents.change_document",
    "documents.delete_document",
    "documents.view_document",
    "documents.add_strategydetails",
    "documents.change_strategydetails",
    "documents.view_strategydetails",
    # Image blocks in pages and article bodies (drafts only: the CMS refuses changes to a published version).
    "documents.add_imageblock",
    "documents.change_imageblock",
    "documents.delete_imageblock",
    "documents.view_imageblock",
]
PUBLISHER_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    "cms.publish_page",
    "cms.delete_page",
    "djangocms_versioning.delete_versionlock",
    "feedback.publish_submission",
    "feedback.add_theme",
    "feedback.change_theme",
    "news.publish_articlecontent",
    "news.delete_article",
    "news.add_category",
    "news.change_category",
    "news.delete_category",
    # SEND unit records are not versioned: a change is live at once, so only publishers make them.
    "units.add_sendunit",
    "units.change_sendunit",
    "units.view_sendunit",
    "units.view_district",
    "units.view_need",
    "units.change_figure",
    "units.view_figure",
]
GROUPS = {"Editors": EDITOR_PERMISSIONS, "Publishers": PUBLISHER_PERMISSIONS}


def permissions(names):
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = [
        perm
        for perm in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _, codename in wanted]
        )
        if (perm.content_type.app_label, perm.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Unknown permissions: {sorted('.'.join(m) for m in missing)}")
    return found


def seed(stdout):
    for name, perm_names in GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions(perm_names))
        stdout.write(f"{'Created' if created else 'Updated'} group {name} ({len(perm_names)} permissions)")
