"""An Editor in the media library: a file that published content uses is live, so deleting it is refused
with a page that says why (no axe violations, keyboard usable), and the public download keeps working."""

import pytest
from playwright.sync_api import expect

from documents.models import Document
from tests.factories import StaffUserFactory

from .pages import AdminLoginPage, SitePage, describe_violations

pytestmark = pytest.mark.browser


def test_editor_is_told_why_a_live_file_cannot_be_deleted(fresh_site, new_context):
    StaffUserFactory(username="editor", groups=["Editors"])
    live = Document.objects.filter(file__isnull=False).select_related("file").first().file
    page = new_context().new_page()
    AdminLoginPage(page, fresh_site.url).login("editor")

    response = page.goto(f"{fresh_site.url}/admin/filer/file/{live.pk}/delete/")
    assert response.status == 403
    expect(page.get_by_role("alert")).to_contain_text("Only a Publisher can do that")
    violations = SitePage(page, fresh_site.url).axe_violations()
    assert violations == [], describe_violations(violations)

    page.keyboard.press("Tab")
    for _ in range(40):
        if page.evaluate("document.activeElement.textContent.trim()") == "Media library":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/filer/folder/**")

    visitor = new_context().new_page()
    download = visitor.request.get(f"{fresh_site.url}/documents/{live.pk}/file.pdf")
    assert download.status == 200
