"""Which media-library (filer) files the public may see: those that published content uses, and those a
Publisher marked public. Everything else is staff-only (404 for the public).

Two registries say where files are used, so the rule follows new content without new code:

- ``CONTENTS``: the versioned content models that own placeholders and files (CMS pages, news articles), with
  what makes a *published* version visible to the public (a page that needs no login, an article whose
  publication date has come). Strategies are CMS pages: their Document blocks are covered by ``cms.PageContent``.
- ``USES``: (model, file field, owner). A CMS plugin owns its file through its placeholder's content
  (``IN_PLACEHOLDER``); a versioned content model owns it itself (``IS_CONTENT``). Plugin models with a
  foreign key to a filer file or image, and the content models in ``CONTENTS``, are searched for file fields
  by ``discover_plugin_uses`` (from ``AppConfig.ready``): a new block type such as an image block needs no
  line here. Anything else is one ``register("app.Model", "field", IS_CONTENT)`` line.

Two scopes:

- ``PUBLIC``: what an anonymous visitor may download now.
- ``PUBLISHED``: every published version, even one the public cannot see yet (a scheduled article, a page that
  needs a login). Changing a file in this scope changes what goes live without a Publisher, so only
  Publishers may (``documents.filer_admin``).

Every check is a single SQL query, whatever the number of registered uses: EXISTS subqueries OR-ed together.
"""

from dataclasses import dataclass

from cms.models import CMSPlugin, Placeholder
from django.apps import apps
from django.conf import settings
from django.db.models import BooleanField, CharField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from djangocms_versioning.constants import PUBLISHED as PUBLISHED_STATE
from djangocms_versioning.models import Version
from filer.models import File

PUBLIC = "public"
PUBLISHED = "published"

IN_PLACEHOLDER = "placeholder"
IS_CONTENT = "content"

PUBLISH_FILE_PERMISSION = "documents.publish_file"


def public_page_contents():
    return Q(page__login_required=False, page__site_id=settings.SITE_ID)


def public_article_contents():
    return Q(publication_date__lte=timezone.now())


# Versioned content models whose published versions can use files: label -> what also makes one public.
CONTENTS = {
    "cms.PageContent": public_page_contents,
    "news.ArticleContent": public_article_contents,
}


@dataclass(frozen=True)
class FileUse:
    model: str  # "app_label.ModelName"
    field: str  # a foreign key to filer.File or a subclass (filer.Image), or "<json field>__<key>" holding its id
    owner: str  # IN_PLACEHOLDER or IS_CONTENT


USES = [
    FileUse("documents.Document", "file", IN_PLACEHOLDER),
    FileUse("documents.Document", "alternative_file", IN_PLACEHOLDER),
    FileUse("news.ArticleContent", "image", IS_CONTENT),
    # The Link block's "File link" (also inside text): a key in its JSON field, so not found by discovery.
    FileUse("djangocms_link.Link", "link__file_link", IN_PLACEHOLDER),
]


def register(model, field, owner=IN_PLACEHOLDER):
    """Say that ``model.field`` uses a media-library file (idempotent)."""
    use = FileUse(model, field, owner)
    if use not in USES:
        USES.append(use)


def is_file_foreign_key(field):
    return field.many_to_one and field.related_model is not None and issubclass(field.related_model, File)


def file_foreign_keys(model):
    return [field.name for field in model._meta.get_fields() if is_file_foreign_key(field) and field.model is model]


def discover_plugin_uses():
    """Register the foreign keys to filer files of every CMS plugin model (any block that shows a file) and of
    the versioned content models in CONTENTS (an article's image)."""
    for model in apps.get_models():
        if issubclass(model, CMSPlugin) and not model._meta.proxy:
            for name in file_foreign_keys(model):
                register(model._meta.label, name, IN_PLACEHOLDER)
    for label in CONTENTS:
        for name in file_foreign_keys(apps.get_model(label)):
            register(label, name, IS_CONTENT)


# ---- The queries ----------------------------------------------------------------------------------------


def of_content_type(label):
    """Rows of a generic relation pointing at this model, matched on the content type's name: no lookup of
    content type ids, so no extra query however cold the content type cache is."""
    app_label, model_name = label.lower().split(".")
    return Q(content_type__app_label=app_label, content_type__model=model_name)


def owning_contents(label, scope):
    """Ids of the versions of one content model that count in this scope."""
    published = Version.objects.filter(of_content_type(label), state=PUBLISHED_STATE).values("object_id")
    if scope != PUBLIC:
        return published
    model = apps.get_model(label)
    return model._base_manager.filter(CONTENTS[label](), pk__in=published).values("pk")


def owning_placeholders(scope):
    """Placeholders of the contents that count in this scope."""
    condition = Q(pk__in=[])
    for label in CONTENTS:
        condition |= of_content_type(label) & Q(object_id__in=owning_contents(label, scope))
    return Placeholder.objects.filter(condition).values("pk")


def rows_using(model, field, file_ref):
    """Rows of ``model`` whose ``field`` is the file: a foreign key, or a key inside a JSON field
    ("link__file_link": djangocms-link keeps the file's id there, as a number or as text)."""
    if "__" not in field:
        return model._base_manager.filter(**{field: file_ref})
    linked = Cast(KT(field), CharField())
    return model._base_manager.annotate(linked_file=linked).filter(linked_file=Cast(file_ref, CharField()))


def use_exists(use, scope, file_ref):
    model = apps.get_model(use.model)
    rows = rows_using(model, use.field, file_ref)
    if use.owner == IN_PLACEHOLDER:
        rows = rows.filter(placeholder_id__in=owning_placeholders(scope))
    else:
        rows = rows.filter(pk__in=owning_contents(use.model, scope))
    return Exists(rows)


def visible_condition(scope=PUBLIC, file_ref=None):
    """A condition on filer.File: marked public by a Publisher, or used by content that counts in ``scope``."""
    file_ref = file_ref if file_ref is not None else OuterRef("pk")
    condition = Q(is_public=True)
    for use in USES:
        condition |= use_exists(use, scope, file_ref)
    return condition


def with_visibility(queryset, scope=PUBLIC):
    """Annotate each file with ``visible`` (bool)."""
    return queryset.annotate(visible=ExpressionWrapper(visible_condition(scope), output_field=BooleanField()))


def is_visible(file_id, scope=PUBLIC):
    return with_visibility(File.objects.non_polymorphic().filter(pk=file_id), scope).filter(visible=True).exists()


def files_in_published_use(file_ids):
    """The ids among ``file_ids`` that published content uses or that are marked public: only Publishers may
    change, replace, move or delete these."""
    queryset = File.objects.non_polymorphic().filter(pk__in=list(file_ids))
    return set(with_visibility(queryset, PUBLISHED).filter(visible=True).values_list("pk", flat=True))


def can_publish_files(user):
    return user.has_perm(PUBLISH_FILE_PERMISSION)
