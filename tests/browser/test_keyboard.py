"""Keyboard use: the skip link comes first and works, the main navigation is reachable with a visible focus."""

import pytest

from .pages import SitePage

pytestmark = pytest.mark.browser

KEYBOARD_PAGES = ["/", "/send-unit-places/admission/"]


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_first_tab_focuses_visible_skip_link_and_enter_moves_to_main(seeded_site, page, path):
    site = SitePage(page, seeded_site.url)
    site.goto(path)
    assert not site.is_in_viewport(site.skip_link), "the skip link should be off screen until focused"

    page.keyboard.press("Tab")
    focused = site.focused_element()
    assert focused["href"] == "#main-content", f"first Tab focused {focused}"
    assert site.is_in_viewport(site.skip_link), "the focused skip link is not visible"

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main-content'")
    assert page.url.endswith("#main-content")
    # Focus really moved: the next Tab goes on from main (into it or past it), not back into the header.
    page.keyboard.press("Tab")
    assert page.evaluate(
        """() => {
            const main = document.getElementById('main-content');
            const el = document.activeElement;
            return main.contains(el) || !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    ), f"Tab after the skip link went to {site.focused_element()}"


def test_main_navigation_links_reachable_by_tab_with_visible_focus(seeded_site, page):
    site = SitePage(page, seeded_site.url)
    site.goto("/about/")
    links = site.main_nav_links
    expected = links.evaluate_all("(els) => els.map((el) => el.getAttribute('href'))")
    assert len(expected) >= 5, f"main navigation has {expected}"
    unfocused = {href: site.style_of(links.nth(i)) for i, href in enumerate(expected)}

    reached, focus_styles = [], {}
    for _ in range(len(expected) + 10):
        page.keyboard.press("Tab")
        in_nav = page.evaluate("() => !!document.activeElement.closest('nav[aria-label=\"Main\"]')")
        if not in_nav:
            if reached:
                break
            continue
        href = site.focused_element()["href"]
        reached.append(href)
        focus_styles[href] = site.focused_style()

    assert reached == expected, "Tab order through the main navigation"
    for href in expected:
        changed = {
            prop: (unfocused[href][prop], focus_styles[href][prop])
            for prop in ("background-color", "outline-style", "box-shadow")
            if unfocused[href][prop] != focus_styles[href][prop]
        }
        assert changed, f"{href}: no visible focus indicator (background, outline and box-shadow unchanged)"
