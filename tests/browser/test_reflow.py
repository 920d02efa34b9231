"""WCAG 1.4.10 Reflow: no horizontal scrolling at 320 CSS px (1280 px at 400 % zoom) or at 1280 px and 200 % zoom."""

import pytest

from tests.conftest import PUBLIC_PATHS

from .pages import SitePage

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "320px": {"width": 320, "height": 640, "scale": 1},
    # A 1280 px wide window zoomed to 200 %: 640 CSS px wide, two device pixels per CSS pixel.
    "1280px-zoom200": {"width": 640, "height": 400, "scale": 2},
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_no_horizontal_scrolling(seeded_site, visitor, path, viewport):
    site = SitePage(visitor(**VIEWPORTS[viewport]), seeded_site.url)
    site.goto(path)
    overflow = site.horizontal_overflow()
    assert overflow["scrollWidth"] <= overflow["clientWidth"], f"{path} scrolls sideways at {viewport}: {overflow}"
