from cms.models import PageContent
from django.db.models.signals import post_save
from django.dispatch import receiver
from djangocms_versioning.constants import OPERATION_DRAFT
from djangocms_versioning.signals import post_version_operation
from filer.models import File
from filer.validation import FileValidationError

from .models import FileFacts, StrategyDetails


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
        FileFacts.for_file(instance)
    except FileValidationError:
        # Refused files never get facts: the plugin form and the download view refuse them.
        FileFacts.objects.filter(file=instance).delete()
    except OSError:
        pass
