from cms.cache import invalidate_cms_page_cache
from cms.models import PageContent, Placeholder
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from djangocms_versioning.constants import OPERATION_DRAFT
from djangocms_versioning.signals import post_version_operation
from filer.models import File
from filer.validation import FileValidationError

from .models import Document, FileFacts, StrategyDetails


@receiver(post_version_operation, sender=PageContent)
def copy_strategy_details_to_new_draft(sender, operation, obj, **kwargs):
    """djangocms-versioning copies a page's fields and plugins into a new draft, but not its extensions:
    without this, "Edit" on a published strategy would make a draft that is no longer a strategy."""
    if operation != OPERATION_DRAFT or obj.source_id is None:
        return
    source = obj.source.content
    details = StrategyDetails.objects.filter(extended_object=source).first()
    if details is not None and not StrategyDetails.objects.filter(extended_object=obj.content).exists():
        details.copy(obj.content, obj.content.language)


@receiver(post_save)
def refresh_file_facts(sender, instance, **kwargs):
    """A new or replaced filer file (or image): compute its facts now, so pages and downloads need not."""
    if not isinstance(instance, File) or not instance.file:
        return
    try:
        facts = FileFacts.for_file(instance)
    except FileValidationError:
        # Refused files never get facts: the plugin form and the download view refuse them.
        FileFacts.objects.filter(file=instance).delete()
        return
    except OSError:
        return
    update_documents_using(instance, facts)


def update_documents_using(filer_file, facts):
    """A file replaced in the media library: the document blocks showing it must show its new size and pages."""
    changed = []
    for prefix, field in (("file", "file_id"), ("alternative", "alternative_file_id")):
        stale = Document.objects.filter(**{field: filer_file.pk}).exclude(
            **{f"{prefix}_size": facts.size, f"{prefix}_pages": facts.page_count}
        )
        changed += list(stale.values_list("placeholder_id", "language"))
        stale.update(
            **{
                f"{prefix}_mime_type": facts.mime_type,
                f"{prefix}_size": facts.size,
                f"{prefix}_pages": facts.page_count,
            }
        )
    for placeholder_id, language in set(changed):
        Placeholder.objects.get(pk=placeholder_id).clear_cache(language, site_id=settings.SITE_ID)
    if changed:
        invalidate_cms_page_cache()
