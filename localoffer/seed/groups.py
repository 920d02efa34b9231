"""Staff groups: editors write drafts, publishers also publish. Permissions are set exactly, every run."""

from cms.models import GlobalPagePermission
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
    # Keeping content true: editors see what is due for review (they write the drafts that fix it).
    "freshness.view_pagereview",
    # Image blocks in pages and article bodies (drafts only: the CMS refuses changes to a published version).
    "documents.add_imageblock",
    "documents.change_imageblock",
    "documents.delete_imageblock",
    "documents.view_imageblock",
    # Email alerts: the number of subscribers per list, never their addresses (alerts/admin.py).
    "alerts.view_subscription",
]
PUBLISHER_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    "cms.publish_page",
    # Media library: change, replace or delete files that published content uses, and mark files public;
    # filer's folder actions also need the delete permissions to delete files and folders.
    "documents.publish_file",
    "filer.delete_file",
    "filer.delete_image",
    "filer.delete_folder",
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
    "units.add_district",
    "units.change_district",
    "units.add_need",
    "units.change_need",
    "units.change_figure",
    "units.view_figure",
    # The change log (audit app): read it, never edit it.
    "audit.view_changerecord",
    "audit.view_publishingevent",
    # "Checked, still right" changes the public "Last reviewed" date: a publisher's call.
    "freshness.mark_checked",
    # Background jobs: see what is queued or failed (emails to the public among them) and retry failed ones.
    "jobs.view_job",
    "jobs.retry_job",
    "jobs.view_workerheartbeat",
    # Email alerts: subscribers' addresses are personal data, seen only to answer a request about them.
    "alerts.view_subscriber",
    "alerts.delete_subscriber",
]
GROUPS = {"Editors": EDITOR_PERMISSIONS, "Publishers": PUBLISHER_PERMISSIONS}

# With CMS_PERMISSION on, django CMS checks these flags (on every page, every site) as well as the model
# permissions above. Editors add pages and edit drafts; moving, deleting, publishing and the advanced
# settings (apphook, "login required", reverse id, home page) change the live site, so only Publishers
# have them. Nobody but superusers hands out page permissions.
EDITOR_PAGE_FLAGS = {
    "can_add": True,
    "can_change": True,
    "can_delete": False,
    "can_publish": False,
    "can_move_page": False,
    "can_change_advanced_settings": False,
    "can_change_permissions": False,
    "can_recover_page": False,
    "can_view": False,
}
PUBLISHER_PAGE_FLAGS = {
    **EDITOR_PAGE_FLAGS,
    "can_delete": True,
    "can_publish": True,
    "can_move_page": True,
    "can_change_advanced_settings": True,
    "can_recover_page": True,
}
PAGE_FLAGS = {"Editors": EDITOR_PAGE_FLAGS, "Publishers": PUBLISHER_PAGE_FLAGS}


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
        set_page_flags(group, PAGE_FLAGS[name])
        stdout.write(f"{'Created' if created else 'Updated'} group {name} ({len(perm_names)} permissions)")


def set_page_flags(group, flags):
    """Exactly one global page permission row per group, for all sites, with exactly these flags."""
    rows = list(GlobalPagePermission.objects.filter(group=group).order_by("pk"))
    row = rows[0] if rows else GlobalPagePermission(group=group)
    for flag, value in flags.items():
        setattr(row, flag, value)
    row.save()
    row.sites.clear()  # no sites means every site
    GlobalPagePermission.objects.filter(group=group).exclude(pk=row.pk).delete()
