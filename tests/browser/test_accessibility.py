"""axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on every public page and the 404 page: no violations allowed."""

import pytest

from tests.conftest import FORM_PATHS, PUBLIC_PATHS

from .pages import SitePage, describe_violations

pytestmark = pytest.mark.browser

NOT_FOUND_PATH = "/this-page-does-not-exist/"
PAGES = [(path, 200) for path in PUBLIC_PATHS + FORM_PATHS] + [(NOT_FOUND_PATH, 404)]
NARROW_PAGES = ["/", "/send-unit-places/admission/", "/cookies/", "/search/?q=Burnley", "/search/?q=zebracrossingqq"]


@pytest.mark.parametrize(("path", "status"), PAGES, ids=[path for path, _ in PAGES])
def test_page_has_no_axe_violations(seeded_site, page, path, status):
    site = SitePage(page, seeded_site.url)
    site.goto(path, expected_status=status)
    violations = site.axe_violations()
    assert violations == [], f"{path}:\n{describe_violations(violations)}"


@pytest.mark.parametrize("path", NARROW_PAGES)
def test_page_has_no_axe_violations_at_320px(seeded_site, new_context, path):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    site = SitePage(page, seeded_site.url)
    site.goto(path)
    violations = site.axe_violations()
    assert violations == [], f"{path} at 320px:\n{describe_violations(violations)}"
