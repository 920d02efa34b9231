"""Small page objects for the browser tests: what a test talks about, not how the DOM spells it."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Response

from tests.factories import PASSWORD
from tests.twofactor import next_token, totp_device

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Computed style properties that together make a focus indicator visible.
FOCUS_STYLE_PROPERTIES = [
    "background-color",
    "color",
    "outline-style",
    "outline-width",
    "outline-color",
    "box-shadow",
    "text-decoration-line",
    "border-bottom-color",
]

# axe-core as bundled by axe-playwright-python. Axe.run() hands the whole result (passes, inapplicable...) to
# Python, ~0.4 s a page; axe_violations() below runs the same script and returns the violations only.
AXE_SCRIPT = Axe().axe_script


class SitePage:
    """Any public page of the site: header, skip link, main navigation, main content."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def goto(self, path: str = "/", expected_status: int = 200) -> Response:
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None, f"no response for {path}"
        assert response.status == expected_status, f"{path}: HTTP {response.status}"
        return response

    @property
    def skip_link(self):
        return self.page.get_by_role("link", name="Skip to main content")

    @property
    def main(self):
        return self.page.locator("#main-content")

    @property
    def main_nav(self):
        return self.page.get_by_role("navigation", name="Main")

    @property
    def main_nav_links(self):
        return self.main_nav.get_by_role("link")

    @property
    def heading(self):
        return self.page.locator("h1")

    def focused_element(self) -> dict:
        """What has keyboard focus: tag, id, href, text."""
        return self.page.evaluate(
            """() => {
                const el = document.activeElement;
                return el ? {tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute('href'),
                             text: (el.textContent || '').trim()} : null;
            }"""
        )

    def focused_style(self) -> dict:
        return self.page.evaluate(
            """(props) => {
                const style = getComputedStyle(document.activeElement);
                return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
            }""",
            FOCUS_STYLE_PROPERTIES,
        )

    def style_of(self, locator) -> dict:
        return locator.evaluate(
            """(el, props) => {
                const style = getComputedStyle(el);
                return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
            }""",
            FOCUS_STYLE_PROPERTIES,
        )

    def is_in_viewport(self, locator) -> bool:
        box = locator.bounding_box()
        viewport = self.page.viewport_size
        return bool(
            box
            and box["width"] > 1
            and box["height"] > 1
            and box["x"] >= 0
            and box["y"] >= 0
            and box["x"] + box["width"] <= viewport["width"]
            and box["y"] + box["height"] <= viewport["height"]
        )

    def horizontal_overflow(self) -> dict:
        """Widths that tell whether the page scrolls sideways, and the widest element if it does."""
        return self.page.evaluate(
            """() => {
                const doc = document.documentElement;
                const result = {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, widest: null};
                if (doc.scrollWidth > doc.clientWidth) {
                    let widest = null;
                    for (const el of document.body.querySelectorAll('*')) {
                        const right = el.getBoundingClientRect().right;
                        if (right > doc.clientWidth && (!widest || right > widest.right)) {
                            widest = {right, html: el.outerHTML.slice(0, 120)};
                        }
                    }
                    result.widest = widest;
                }
                return result;
            }"""
        )

    def axe_violations(self, tags=WCAG_TAGS) -> list[dict]:
        options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
        self.page.evaluate(AXE_SCRIPT)
        return self.page.evaluate(
            "(options) => axe.run(document, options).then((results) => results.violations)", options
        )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


class AdminLoginPage:
    """The staff sign-in that /admin/login/ leads to: password, then the code from the authenticator app.

    ``login`` completes both steps, computing the code from the user's device (created if the account has none),
    so tests of other features sign in as staff must.
    """

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    @property
    def continue_button(self):
        return self.page.locator("main button[type=submit]").first

    def enter_password(self, username: str, password: str = PASSWORD):
        self.page.goto(self.base_url + "/admin/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        with self.page.expect_navigation():
            self.continue_button.click()

    def enter_code(self, code: str):
        self.page.get_by_label("Code from your authenticator app").fill(code)
        with self.page.expect_navigation():
            self.continue_button.click()

    def login(self, username: str, password: str = PASSWORD):
        from django.contrib.auth import get_user_model

        device = totp_device(get_user_model().objects.get(username=username))
        self.enter_password(username, password)
        self.enter_code(next_token(device))
        assert "/account/" not in self.page.url, f"login failed for {username}: {self.page.url}"


class CmsToolbar:
    """The django CMS toolbar, with djangocms-versioning's buttons."""

    def __init__(self, page: Page):
        self.page = page
        self.root = page.locator("#cms-top")

    @property
    def edit_button(self):
        # Labelled "New Draft" while the page has only a published version, "Edit" once a draft exists.
        return self.root.locator("a.cms-versioning-js-edit-btn")

    @property
    def publish_button(self):
        return self.root.locator("a.cms-versioning-js-publish-btn")

    @property
    def buttons(self):
        return self.root.locator(".cms-toolbar-item-buttons a")

    @property
    def messages(self):
        return self.page.locator(".cms-messages")

    def open(self, base_url: str, path: str):
        self.page.goto(f"{base_url}{path}?toolbar_on")
        self.root.locator(".cms-toolbar").first.wait_for()

    def start_editing(self):
        """Click "New Draft" / "Edit": the CMS makes a draft if there is none and opens it in edit mode."""
        with self.page.expect_navigation(url=re.compile(r"/edit/")):
            self.edit_button.click()

    def publish(self):
        with self.page.expect_navigation():
            self.publish_button.click()


class InlineTextEditor:
    """A djangocms-text plugin in edit mode (inline editing): a Tiptap editor that saves on blur."""

    def __init__(self, page: Page, containing: str):
        self.page = page
        self.wrapper = page.locator(".cms-editor-inline-wrapper[data-cms-type='TextPlugin']").filter(
            has_text=containing
        )
        self.editable = self.wrapper.locator("[contenteditable='true']")  # there once the editor has started

    def replace_paragraph(self, containing: str, new_text: str):
        paragraph = self.editable.locator("p").filter(has_text=containing)
        paragraph.click(click_count=3)  # ProseMirror: a triple click selects the paragraph's text
        self.page.keyboard.type(new_text)

    def save_by_clicking(self, outside):
        """Click elsewhere on the page; the editor saves the plugin on blur."""
        with self.page.expect_response(
            lambda r: "/edit-plugin/" in r.url and r.request.method == "POST", timeout=10_000
        ) as saved:
            outside.click()
        assert saved.value.ok, f"saving the text plugin failed: HTTP {saved.value.status}"
