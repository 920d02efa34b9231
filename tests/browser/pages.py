"""Small page objects for the browser tests: what a test talks about, not how the DOM spells it."""

import re
from urllib.parse import urljoin

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


class ArticleAddForm:
    """The admin's "Add article" (Partnership news → Articles → Add article)."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self):
        self.page.goto(self.base_url + "/admin/news/article/add/")

    @property
    def title(self):
        return self.page.get_by_label("Title")

    @property
    def slug(self):
        return self.page.get_by_label("Slug")

    def fill(self, title: str, summary: str, category: str):
        self.title.fill(title)  # the slug follows as the title is typed (prepopulated)
        self.page.get_by_label("Summary").fill(summary)
        self.page.get_by_label(category).check()

    def save(self):
        with self.page.expect_navigation():
            self.page.locator("input[name=_save]").click()
        assert "/add/" not in self.page.url, self.page.locator(".errornote, .errorlist").all_inner_texts()


class ArticleList:
    """The admin's article list, with the grouper admin's action icons."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open_draft(self, title: str):
        """The row's "Preview" (eye) action: the latest version with the toolbar; a draft opens in edit mode."""
        self.page.goto(self.base_url + "/admin/news/article/")
        row = self.page.locator("#result_list tr", has_text=title)
        with self.page.expect_navigation():
            row.locator("a[title=Preview]").click()
        self.page.locator("#cms-top .cms-toolbar").first.wait_for()


class StructureBoard:
    """Structure mode: the placeholders of what is being edited, each with its "+" (Add plugin) and blocks."""

    def __init__(self, page: Page):
        self.page = page
        self.toggle = page.locator(".cms-toolbar-item-cms-mode-switcher a")

    def open(self):
        self.toggle.click()
        self.page.locator(".cms-structure .cms-dragarea").first.wait_for()

    def placeholder(self, name: str):
        # By the title attribute: the title's text also holds the "Expand all" toggle once there are blocks.
        title = self.page.locator(f'.cms-dragbar-title[title="{name}"]')
        return self.page.locator(".cms-structure .cms-dragarea").filter(has=title)

    def placeholder_names(self) -> list[str]:
        titles = self.page.locator(".cms-structure .cms-dragbar-title")
        return [titles.nth(i).get_attribute("title") for i in range(titles.count())]

    def blocks(self, placeholder: str) -> list[str]:
        """The blocks of a placeholder as the board lists them, e.g. "Text First paragraph..."."""
        items = self.placeholder(placeholder).locator(".cms-draggable .cms-dragitem-text")
        return [" ".join(text.split()) for text in items.all_inner_texts()]

    def open_picker(self, placeholder: str):
        """Press the placeholder's "+" (Add plugin): the CMS modal lists the blocks allowed there."""
        self.placeholder(placeholder).locator(".cms-dragbar .cms-submenu-add").first.click()
        items = self.page.locator(".cms-modal .cms-submenu-item a")
        items.first.wait_for()
        return items

    def offered_blocks(self, placeholder: str) -> list[str]:
        offered = self.open_picker(placeholder).all_inner_texts()
        self.page.locator(".cms-modal .cms-modal-close").click()
        self.page.locator(".cms-modal").wait_for(state="hidden")  # closing animates: wait, or the next "+" is lost
        return [label.strip() for label in offered]

    def add(self, placeholder: str, block: str) -> "BlockForm":
        """Pick a block in the placeholder's "+": its form opens in the CMS modal."""
        items = self.open_picker(placeholder)
        items.filter(has_text=re.compile(rf"^{re.escape(block)}$")).click()
        form = BlockForm(self.page)
        form.frame.locator("form").first.wait_for()
        return form


# Whether an <img> loaded (waits for it if it is still loading): a broken image has no natural width.
IMAGE_LOADED = """img => img.complete ? img.naturalWidth > 0
    : new Promise((done) => { img.onload = () => done(true); img.onerror = () => done(false); })"""


class BlockForm:
    """A block's form in the CMS modal (an iframe): fields, the media-library picker, Save."""

    def __init__(self, page: Page):
        self.page = page
        self.frame = page.frame_locator(".cms-modal-frame iframe")

    def field(self, label: str):
        return self.frame.get_by_label(label)

    def write_text(self, paragraphs: list[str]):
        """A Text block: type into its rich text editor, one paragraph per item."""
        editor = self.frame.locator("[contenteditable=true]").first
        editor.click()
        for number, paragraph in enumerate(paragraphs):
            if number:
                self.page.keyboard.press("Enter")
            self.page.keyboard.type(paragraph)

    def link_to(self, name: str, url: str):
        """A Link block to another website."""
        self.frame.locator("#id_name").fill(name)
        self.frame.locator("#id_link_0").select_option("external_link")
        self.frame.locator("#id_link_1").fill(url)

    def choose_file(self, field: str, folder: str, file_label: str):
        """The media-library widget's "Choose File": pick a file in the picker window."""
        with self.page.expect_popup() as opened:
            self.frame.locator(f"#id_{field}_lookup").click()
        picker = opened.value
        picker.wait_for_load_state()
        choice = picker.locator("a.js-dismiss-popup", has_text=file_label).first
        if not choice.is_visible():
            # The picker opens in the folder used last: go to the root of the media library, then the folder.
            folder_link = picker.get_by_role("link", name=folder).first
            if not folder_link.is_visible():
                # The breadcrumb's link to the root sits in a collapsed menu: follow its address.
                root = picker.locator('a[title="Go back to Root folder"]').first.get_attribute("href")
                picker.goto(urljoin(picker.url, root))
            with picker.expect_navigation():
                folder_link.click()
        with picker.expect_event("close"):
            choice.click()

    def chosen_file(self, field: str) -> dict:
        """What the widget shows for the chosen file: its name and whether its icon loaded."""
        widget = self.frame.locator(f".filer-widget:has(#id_{field}_lookup)")
        icon = widget.locator("img.thumbnail_img").first
        icon.wait_for()
        loaded = icon.evaluate(IMAGE_LOADED)
        return {"name": widget.locator(".description_text").inner_text().strip(), "icon_loaded": loaded}

    def save(self):
        """Save: the CMS posts the form, closes the modal and refreshes the board."""
        with self.page.expect_response(
            lambda r: re.search(r"/(add|edit)-plugin/", r.url) and r.request.method == "POST"
        ) as saved:
            self.page.locator(".cms-modal-buttons .cms-btn-action", has_text="Save").click()
        assert saved.value.ok, f"saving the block failed: HTTP {saved.value.status}"
        self.page.locator(".cms-modal").wait_for(state="hidden")
