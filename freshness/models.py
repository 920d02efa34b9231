"""When a CMS page was last reviewed and when it must be reviewed again.

A PageExtension on the Page, not on its (versioned) PageContent: a review is about the page, whichever
version is live, so it must survive "Edit" (a new draft) and publishing without being copied between
versions. It is deliberately not registered with the CMS extension pool: copying a page in the CMS must not
copy another page's review dates; the copy gets its own when it is first published.

Strategies and plans are CMS pages, so they carry their review dates here too. SEND units keep theirs on the
unit record (units.SendUnit.last_checked and review_by).
"""

from cms.extensions import PageExtension
from django.db import models


class PageReview(PageExtension):
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When a publisher last published or confirmed this page (shown to the public)."
    )
    review_by = models.DateField(db_index=True, help_text="When the page must next be checked.")

    class Meta:
        verbose_name = "content due for review"
        verbose_name_plural = "content due for review"
        permissions = [("mark_checked", 'Can mark content "checked, still right"')]

    def __str__(self):
        return f"Review of page {self.extended_object_id} by {self.review_by}"
