"""The media library (django-filer's admin) under the rule "editors write drafts, publishers publish".

A file that published content uses, or that is marked public, is live: replacing it changes the public
download at once, and filer has no drafts of files. So for such a file, every change through the media
library needs the ``documents.publish_file`` permission (Publishers): replacing the file, renaming, editing
its details, moving it to another folder, resizing, deleting it (or a folder holding it) and marking it
public or not. Editors are refused with a message saying why and what to do instead (upload a new file and
use it in a draft). Editors may still upload new files and change files that no published content uses, but
only Publishers mark a file public.

Filer's own admin classes are kept and extended (re-registered), so its upload paths (drag-and-drop,
"Upload files") and pickers are unchanged.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from filer.admin.fileadmin import FileAdmin, FileAdminChangeFrom
from filer.admin.folderadmin import FolderAdmin
from filer.admin.imageadmin import ImageAdmin, ImageAdminForm
from filer.models import File, Folder, Image

from .visibility import can_publish_files, files_in_published_use

IN_USE_MESSAGE = (
    "This file is live: published content uses it, or it is marked public, so changing, replacing, moving or "
    "deleting it would change the public site at once. Only a Publisher can do that. To use a new version, "
    "upload it as a new file and choose it in a draft."
)
MARK_PUBLIC_MESSAGE = "Only a Publisher can make a file public, or stop it being public."
PUBLIC_LABEL = "Public even when no published page uses it"
PUBLIC_HELP = (
    "Anyone may download it from its address. Leave this off: a file is downloadable while a published page, "
    "article or strategy uses it. Only Publishers can change this."
)


def refuses(request, file_ids):
    """True when this user may not change these files (some are live and they lack publish rights)."""
    if can_publish_files(request.user):
        return False
    return bool(files_in_published_use(file_ids))


def refusal(request, message=IN_USE_MESSAGE):
    """A 403 page in the admin's look, saying why."""
    context = {**admin.site.each_context(request), "title": "Not allowed", "message": message}
    return TemplateResponse(request, "admin/documents/refused.html", context, status=403)


class GuardedFormMixin:
    request = None  # set per request by GuardedFileAdminMixin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "is_public" in self.fields:
            self.fields["is_public"].label = PUBLIC_LABEL
            self.fields["is_public"].help_text = PUBLIC_HELP

    def changed_fields(self):
        """Fields whose posted value differs from the stored one. Not ``changed_data``: for a field with a
        callable default (``is_public``) that compares with a hidden "initial" value the browser posts back,
        which a client can set to anything."""
        return [bf.name for bf in self if bf.field.has_changed(bf.initial, bf.data)]

    def clean(self):
        cleaned_data = super().clean()
        if self.request is None or can_publish_files(self.request.user):
            return cleaned_data
        changed = self.changed_fields()
        if "is_public" in changed:
            self.add_error("is_public", MARK_PUBLIC_MESSAGE)
        elif self.instance.pk and changed and files_in_published_use([self.instance.pk]):
            raise ValidationError(IN_USE_MESSAGE)
        return cleaned_data


class GuardedFileForm(GuardedFormMixin, FileAdminChangeFrom):
    pass


class GuardedImageForm(GuardedFormMixin, ImageAdminForm):
    pass


class GuardedFileAdminMixin:
    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not any("is_public" in options.get("fields", ()) for _, options in fieldsets):
            fieldsets.append(("Who can download it", {"fields": ("is_public",)}))
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and refuses(request, [obj.pk]):
            return refusal(request)
        return super().delete_view(request, object_id, extra_context)

    # Safety nets for any other admin path (e.g. the changelist's bulk delete).
    def save_model(self, request, obj, form, change):
        stored = File.objects.filter(pk=obj.pk).values_list("is_public", flat=True).first() if change else False
        if bool(stored) != obj.is_public and not can_publish_files(request.user):
            raise PermissionDenied(MARK_PUBLIC_MESSAGE)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        if refuses(request, [obj.pk]):
            raise PermissionDenied(IN_USE_MESSAGE)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if refuses(request, queryset.values_list("pk", flat=True)):
            raise PermissionDenied(IN_USE_MESSAGE)
        super().delete_queryset(request, queryset)


class GuardedFileAdmin(GuardedFileAdminMixin, FileAdmin):
    form = GuardedFileForm


class GuardedImageAdmin(GuardedFileAdminMixin, ImageAdmin):
    form = GuardedImageForm


def files_in_folders(folders):
    """Ids of the files in these folders and all folders below them."""
    folder_ids = set()
    for folder in folders:
        folder_ids.add(folder.pk)
        folder_ids.update(folder.get_descendants_ids())
    return File.objects.filter(folder__in=folder_ids).values_list("pk", flat=True)


def guarded_action(name):
    """Filer's folder action ``name``, refused (whatever the step: confirmation or doing it) when it touches a
    live file and the user lacks publish rights."""
    original = getattr(FolderAdmin, name)

    def action(self, request, files_queryset, folders_queryset):
        file_ids = {*files_queryset.values_list("pk", flat=True), *files_in_folders(folders_queryset)}
        if refuses(request, file_ids):
            return refusal(request)
        return original(self, request, files_queryset, folders_queryset)

    action.__name__ = name
    action.short_description = original.short_description
    return action


class GuardedFolderAdmin(FolderAdmin):
    # Copying makes new files, so it stays open to Editors.
    delete_files_or_folders = guarded_action("delete_files_or_folders")
    move_files_and_folders = guarded_action("move_files_and_folders")
    rename_files = guarded_action("rename_files")
    resize_images = guarded_action("resize_images")

    def delete_view(self, request, object_id, extra_context=None):
        folder = self.get_object(request, unquote(object_id))
        if folder is not None and refuses(request, files_in_folders([folder])):
            return refusal(request)
        return super().delete_view(request, object_id, extra_context)


for model, model_admin in ((File, GuardedFileAdmin), (Image, GuardedImageAdmin), (Folder, GuardedFolderAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
