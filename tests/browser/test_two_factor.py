"""Two-factor sign-in in a real browser, by keyboard only: enrol an authenticator, see the recovery codes,
reach the admin; sign in again with password and code, and with a recovery code (used up afterwards).
Every page of the journey has no axe violations and runs under its Content-Security-Policy without errors."""

import base64

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, StaffUserFactory
from tests.twofactor import next_token, totp_for_key

from .pages import SitePage, describe_violations

pytestmark = pytest.mark.browser

USERNAME = "keyboarduser"


class KeyboardSignIn(SitePage):
    """The sign-in and enrolment pages, driven with Tab, typing and Enter only."""

    def tab_to(self, locator, limit=80):
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if locator.evaluate("(el) => el === document.activeElement"):
                return
        raise AssertionError(f"Tab never reached {locator}; focus is on {self.focused_element()}")

    def type_into(self, label, text):
        self.tab_to(self.page.get_by_label(label, exact=True))
        self.page.keyboard.type(text)

    def press_enter(self):
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def activate(self, locator):
        self.tab_to(locator)
        self.press_enter()

    def button(self, name):
        return self.page.get_by_role("button", name=name, exact=True)

    def sign_in_with_password(self):
        self.goto("/admin/", expected_status=200)  # redirected to the sign-in
        assert "/account/login/" in self.page.url
        self.type_into("Username", USERNAME)
        self.type_into("Password", PASSWORD)
        self.press_enter()

    def sign_out_of_admin(self):
        self.activate(self.page.get_by_role("button", name="Log out"))
        assert "/admin/" not in self.page.url

    def assert_accessible(self, what):
        violations = self.axe_violations()
        assert not violations, f"{what}:\n{describe_violations(violations)}"

    def assert_fits_and_is_accessible(self, what):
        overflow = self.horizontal_overflow()
        assert overflow["scrollWidth"] <= overflow["clientWidth"], f"{what} scrolls sideways: {overflow}"
        self.assert_accessible(what)


def csp_errors(page):
    errors = []
    page.on("console", lambda message: "Content Security Policy" in message.text and errors.append(message.text))
    return errors


def test_keyboard_only_enrolment_then_sign_in_with_a_code_and_with_a_recovery_code(fresh_site, new_context):
    user = StaffUserFactory(username=USERNAME, groups=["Publishers"])
    page = new_context().new_page()
    errors = csp_errors(page)
    site = KeyboardSignIn(page, fresh_site.url)

    # Enrol: password, intro, QR code and key, a code typed from the key, recovery codes, the admin.
    site.goto("/account/login/")
    site.assert_accessible("sign-in page")
    site.sign_in_with_password()
    assert "/account/two_factor/setup/" in page.url
    site.assert_accessible("enrolment intro")
    site.activate(site.button("Continue"))
    assert page.get_by_role("img", name="QR code").is_visible()
    site.assert_accessible("enrolment page with QR code")
    key = page.locator(".setup-key__value").inner_text().replace(" ", "")
    site.type_into("Code from your authenticator app", "000000")
    site.press_enter()
    assert page.locator(".error-summary").is_visible()
    site.assert_accessible("enrolment with a wrong code")
    field = page.get_by_label("Code from your authenticator app", exact=True)
    field.evaluate("(el) => { el.value = ''; }")  # the test's own reset of the field, not a user action
    site.type_into("Code from your authenticator app", totp_for_key(base64.b32decode(key).hex()))
    site.press_enter()
    assert "/account/two_factor/backup/tokens/" in page.url
    site.assert_accessible("recovery codes page")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    site.activate(page.get_by_role("link", name="Continue"))
    assert page.url.endswith("/admin/")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1

    # Sign out, then in with the password and a code from the app.
    site.sign_out_of_admin()
    site.sign_in_with_password()
    assert page.get_by_role("heading", name="Enter your authenticator code").is_visible()
    site.assert_accessible("code step")
    site.type_into("Code from your authenticator app", next_token(TOTPDevice.objects.get(user=user)))
    site.press_enter()
    assert page.url.endswith("/admin/")

    # Sign out, then in with a recovery code, which is then used up.
    site.sign_out_of_admin()
    site.sign_in_with_password()
    site.activate(site.button("Use a recovery code instead"))
    site.assert_accessible("recovery code step")
    site.type_into("Recovery code", codes[0])
    site.press_enter()
    assert page.url.endswith("/admin/")
    assert not StaticToken.objects.filter(device__user=user, token=codes[0]).exists()

    site.sign_out_of_admin()
    site.sign_in_with_password()
    site.activate(site.button("Use a recovery code instead"))
    site.type_into("Recovery code", codes[0])
    site.press_enter()
    assert page.locator(".error-summary").is_visible(), "a used recovery code must not sign in again"
    site.assert_accessible("recovery code step with an error")
    assert not errors, errors


def test_sign_in_enrolment_and_confirm_pages_reflow_at_320px(fresh_site, new_context):
    from tests.browser.pages import AdminLoginPage

    StaffUserFactory(username=USERNAME, groups=["Publishers"])
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    errors = csp_errors(page)
    site = KeyboardSignIn(page, fresh_site.url)
    site.goto("/account/login/")
    site.assert_fits_and_is_accessible("sign-in page at 320px")
    # Enrolment, by a user without an authenticator yet: the intro, then the QR code and key.
    site.sign_in_with_password()
    site.assert_fits_and_is_accessible("enrolment intro at 320px")
    site.activate(site.button("Continue"))
    assert page.locator(".setup-key__value").is_visible()
    site.assert_fits_and_is_accessible("enrolment page with QR code at 320px")
    site.activate(page.get_by_role("button", name="Sign out"))

    AdminLoginPage(page, fresh_site.url).login(USERNAME)
    site.goto("/account/confirm/?next=/admin/auth/group/")
    site.assert_fits_and_is_accessible("confirm page at 320px")
    assert not errors, errors
