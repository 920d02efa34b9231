"""Partnership news: an Article (the grouper: stable slug and categories) and its ArticleContent versions
(djangocms-versioning: draft, published, archived). The content carries the text staff edit with the CMS
toolbar (the "body" placeholder), the dates and the image.

The public sees an article only when it has a published version whose publication date has come:
``ArticleContent.objects.published()`` / ``Article.objects.published()`` are the one place that rule lives.
"""

from cms.models import CMSPlugin
from cms.models.fields import PlaceholderRelationField
from cms.utils.placeholder import get_placeholder_from_slot
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from djangocms_versioning.constants import PUBLISHED, UNPUBLISHED
from filer.fields.image import FilerImageField

PUBLISH_PERMISSION = "news.publish_articlecontent"
ARTICLE_TEMPLATE = "news/article_detail.html"
BODY_SLOT = "body"  # declared in ARTICLE_TEMPLATE; CMS_PLACEHOLDER_CONF names it "Body" and lists its blocks


class Category(models.Model):
    """A staff-managed list: articles are filed under one or more categories."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{news_url('news:list')}?category={self.slug}"


def news_url(name, **kwargs):
    """Reverse a URL of the news apphook; the plain path if the apphook page is not there (yet)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        paths = {
            "news:list": "/news/",
            "news:detail": "/news/{slug}/",
            "news:feed": "/news/feed/",
            "news:category-feed": "/news/category/{slug}/feed/",
        }
        return paths[name].format(**kwargs)


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(
            contents__versions__state=PUBLISHED, contents__publication_date__lte=now or timezone.now()
        ).distinct()


class Article(models.Model):
    """The lasting identity of a news article: its address and categories. Its text lives in versions."""

    slug = models.SlugField(
        max_length=120,
        unique=True,
        # Help texts are HTML (the admin and Django's forms show them unescaped): escape() keeps "<slug>" visible.
        help_text=escape(
            "The last part of the address: /news/<slug>/. Letters, numbers and hyphens. Changing it once the "
            "article is live breaks links to it, so then only Publishers can."
        ),
    )
    categories = models.ManyToManyField(Category, related_name="articles")
    created = models.DateTimeField(auto_now_add=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.slug

    def get_absolute_url(self):
        return news_url("news:detail", slug=self.slug)

    def has_been_published(self):
        """True once any version has been published (it may since have been unpublished or replaced): its address
        and categories have been public, and changing them changes the public site at once."""
        return ArticleContent.admin_manager.filter(article=self, versions__state__in=[PUBLISHED, UNPUBLISHED]).exists()


class ArticleContentQuerySet(models.QuerySet):
    def published(self, now=None):
        """Published versions whose publication date has come: what the public may see."""
        return self.filter(versions__state=PUBLISHED, publication_date__lte=now or timezone.now())

    def for_listing(self):
        return (
            self.select_related("article", "image")
            .prefetch_related("article__categories")
            .order_by("-publication_date", "-pk")
        )


class ArticleContent(models.Model):
    """One version of an article's content. djangocms-versioning replaces ``objects`` with a manager that
    only sees published versions; ``admin_manager`` sees them all."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="contents")
    title = models.CharField(max_length=200)
    summary = models.TextField(
        max_length=400, help_text="One or two sentences: shown in lists, feeds and under the heading."
    )
    publication_date = models.DateTimeField(
        default=timezone.now,
        db_index=True,
        help_text="Shown as the date of the article. A date in the future schedules it: once published, the "
        "public sees it from that moment.",
    )
    updated_date = models.DateTimeField(null=True, blank=True, help_text="When the article last changed materially.")
    update_note = models.CharField(max_length=300, blank=True, help_text="What changed, e.g. 'Added the event dates'.")
    image = FilerImageField(null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    image_alt = models.CharField(
        "image alternative text",
        max_length=300,
        blank=True,
        help_text="Required with an image: what the image shows, for people who cannot see it.",
    )
    placeholders = PlaceholderRelationField()

    objects = ArticleContentQuerySet.as_manager()

    class Meta:
        verbose_name = "article"
        permissions = [("publish_articlecontent", "Can publish news articles")]
        indexes = [models.Index(fields=["-publication_date", "-id"], name="news_content_date_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def clean(self):
        errors = {}
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = "Describe the image for people who cannot see it."
        if self.update_note and not self.updated_date:
            errors["updated_date"] = "Give the date of the update the note describes."
        if self.updated_date and self.publication_date and self.updated_date < self.publication_date:
            errors["updated_date"] = "The update cannot be before the publication date."
        if errors:
            raise ValidationError(errors)

    def get_template(self):
        """The template the toolbar renders (edit, preview, structure) and the CMS scans for placeholders: its
        {% placeholder "body" %} is what makes Structure mode list "Body" with its "+"."""
        return ARTICLE_TEMPLATE

    @cached_property
    def body_placeholder(self):
        # Through the template, as the CMS itself finds it: fetched if there, created if not.
        return get_placeholder_from_slot(self.placeholders, BODY_SLOT, template_obj=self)

    @property
    def last_changed(self):
        return self.updated_date or self.publication_date

    def is_live(self, now=None):
        return self.publication_date <= (now or timezone.now())

    # djangocms-versioning asks the content who may publish and change it.
    def has_publish_permission(self, user):
        return user.has_perm(PUBLISH_PERMISSION)

    def has_change_permission(self, user):
        return user.has_perm("news.change_articlecontent")

    def has_placeholder_change_permission(self, user):
        return user.has_perm("news.change_articlecontent")


class LatestNews(CMSPlugin):
    """A "Latest news" block staff place on any page."""

    title = models.CharField(max_length=100, default="Latest news")
    count = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(10)], help_text="How many articles, 1 to 10."
    )

    def __str__(self):
        return f"{self.title} ({self.count})"
