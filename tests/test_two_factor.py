"""Staff sign-in with two factors (accounts app): enrolment, sign-in, recovery codes, lockout, factor reset,
session limits, re-authentication for user and group changes, and the dev-only switch."""

import base64
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import reauth
from accounts.checks import dev_bypass_off

from .factories import PASSWORD, StaffUserFactory, UserFactory
from .twofactor import login_without_second_factor, next_token, sign_in_step, totp_device, totp_for_key

ROOT = Path(__file__).resolve().parent.parent
SIGN_IN = "/account/login/"
SETUP = "/account/two_factor/setup/"


def csp(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


@pytest.fixture
def staffer(seeded):
    return StaffUserFactory(username="staffer", groups=["Publishers"])


@pytest.fixture
def enrolled(staffer):
    totp_device(staffer)
    return staffer


@pytest.fixture
def superuser(seeded):
    return UserFactory(username="boss", is_staff=True, is_superuser=True)


def give_recovery_codes(user, *codes):
    device = StaticDevice.objects.create(user=user, name="backup")
    for code in codes:
        device.token_set.create(token=code)
    return device


def is_verified(client):
    return DEVICE_ID_SESSION_KEY in client.session and "_auth_user_id" in client.session


# --- Where the sign-in is -----------------------------------------------------------------------------------


def test_login_url_is_the_two_factor_sign_in(settings):
    assert reverse(settings.LOGIN_URL) == SIGN_IN


def test_admin_sends_anonymous_visitors_to_the_sign_in(client, seeded):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = client.get("/admin/login/?next=/admin/units/")
    assert response["Location"] == f"{SIGN_IN}?next=/admin/units/"


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"])
def test_admin_login_drops_a_next_to_another_site(client, seeded, unsafe):
    response = client.get("/admin/login/", {"next": unsafe})
    assert response.status_code == 302
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]
    assert response["Location"].startswith(SIGN_IN)


def test_the_cms_login_form_leads_to_the_two_factor_sign_in(client, seeded):
    response = client.post("/cms_login/", {"username": "x", "password": "y"})
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_a_login_required_page_sends_visitors_to_the_sign_in(client, seeded):
    from cms.models import Page

    page = Page.objects.get(reverse_id="contact") if Page.objects.filter(reverse_id="contact").exists() else None
    page = page or Page.objects.filter(is_home=False).first()
    page.login_required = True
    page.save()
    path = page.get_absolute_url()
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SIGN_IN}?next=")
    assert client.get(response["Location"]).status_code == 200


# --- Sign-in: password, then code -----------------------------------------------------------------------------


def test_password_then_authenticator_code_signs_in_and_reaches_the_admin(client, enrolled):
    response = sign_in_step(client, "auth", next_url="/admin/", username="staffer", password=PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session  # the password alone signs nobody in
    assert b'autocomplete="one-time-code"' in response.content
    assert b'inputmode="numeric"' in response.content

    response = sign_in_step(client, "token", next_url="/admin/", otp_token=next_token(totp_device(enrolled)))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert is_verified(client)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_an_error_summary(client, enrolled):
    sign_in_step(client, "auth", username="staffer", password=PASSWORD)
    response = sign_in_step(client, "token", otp_token="000000")
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert response.context["error_list"]
    assert "_auth_user_id" not in client.session


def test_sign_in_ignores_a_next_address_on_another_site(client, enrolled):
    sign_in_step(client, "auth", next_url="https://evil.example/", username="staffer", password=PASSWORD)
    token = next_token(totp_device(enrolled))
    response = sign_in_step(client, "token", next_url="https://evil.example/", otp_token=token)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def choose_recovery_code(client):
    """The "Use a recovery code instead" button on the code step."""
    response = client.post(SIGN_IN, {"sign_in_view-current_step": "token", "wizard_goto_step": "backup"})
    assert response.context["wizard"]["steps"].current == "backup"


def test_a_recovery_code_signs_in_once(client, enrolled):
    give_recovery_codes(enrolled, "abcd2345", "efgh6789")
    sign_in_step(client, "auth", username="staffer", password=PASSWORD)
    choose_recovery_code(client)
    response = sign_in_step(client, "backup", otp_token="abcd2345")
    assert response.status_code == 302
    assert is_verified(client)
    assert list(StaticDevice.objects.get(user=enrolled).token_set.values_list("token", flat=True)) == ["efgh6789"]

    other = Client()
    sign_in_step(other, "auth", username="staffer", password=PASSWORD)
    choose_recovery_code(other)
    response = sign_in_step(other, "backup", otp_token="abcd2345")  # used up
    assert response.status_code == 200
    assert "_auth_user_id" not in other.session


def test_a_password_only_session_gets_no_admin_and_no_toolbar(client, enrolled):
    login_without_second_factor(client, enrolled)
    response = client.get("/admin/units/sendunit/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SIGN_IN}?next=")
    for query in ["edit", "structure", "toolbar_on"]:
        response = client.get(f"/about/?{query}")
        assert response.status_code == 302, query
        assert response["Location"].startswith(SIGN_IN)
    public = client.get("/about/")
    assert public.status_code == 200
    assert b"cms-toolbar" not in public.content
    assert "unsafe-inline" not in csp(public)["script-src"]


def test_an_account_without_a_second_factor_is_sent_to_enrol(client, staffer):
    response = sign_in_step(client, "auth", next_url="/admin/units/", username="staffer", password=PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2Funits%2F"
    # Signed in with the password, but nothing else until enrolled.
    assert client.get("/admin/")["Location"].startswith(SETUP)


# --- Enrolment -------------------------------------------------------------------------------------------------


def open_enrolment(client, next_url="/admin/"):
    """Enrolment as a person walks it: the intro, then the page with the QR code and the key."""
    url = f"{SETUP}?next={next_url}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"enrol_view-current_step": "welcome"})
    assert response.status_code == 200
    return response


def finish_enrolment(client, page, next_url="/admin/"):
    """Type a wrong code (refused), then the code an app set up with the page's key shows."""
    url = f"{SETUP}?next={next_url}"
    wrong = client.post(url, {"enrol_view-current_step": "generator", "generator-token": "123456"})
    assert wrong.status_code == 200
    assert wrong.context["error_list"]
    key_hex = base64.b32decode(page.context["secret_key"]).hex()
    return client.post(url, {"enrol_view-current_step": "generator", "generator-token": totp_for_key(key_hex)})


def test_enrolment_shows_a_qr_code_and_the_key_as_text_then_recovery_codes(client, staffer):
    login_without_second_factor(client, staffer)
    page = open_enrolment(client)

    body = page.content.decode()
    key = page.context["secret_key"]
    assert "".join(re.findall(r"<span>([A-Z2-7]{1,4})</span>", body)) == key  # typed in by people who cannot scan
    assert f'src="{reverse("two_factor:qr")}"' in body
    qr = client.get(reverse("two_factor:qr"))
    assert qr.status_code == 200 and qr["Content-Type"].startswith("image/svg+xml")
    assert "unsafe-inline" not in csp(page)["script-src"]  # the strict policy: nothing inline on the page
    assert b"cms-toolbar" not in page.content  # not before the second factor

    done = finish_enrolment(client, page)
    assert done.status_code == 302
    assert done["Location"].startswith(reverse("two_factor:backup_tokens"))
    assert TOTPDevice.objects.filter(user=staffer, confirmed=True).count() == 1
    codes = client.get(done["Location"])
    assert codes.status_code == 200
    assert len(codes.context["tokens"]) == 10
    assert codes.context["continue_url"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_enrolment_is_not_offered_again_once_done(client, enrolled):
    client.force_login(enrolled)
    assert client.get(SETUP)["Location"] == "/admin/"


def test_a_password_only_session_cannot_enrol_a_second_authenticator(client, enrolled):
    login_without_second_factor(client, enrolled)
    response = client.post(SETUP, {"enrol_view-current_step": "welcome"})
    assert response.status_code == 302
    response = client.post(SETUP, {"enrol_view-current_step": "generator", "generator-token": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=enrolled).count() == 1
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_new_recovery_codes_replace_the_old_ones(client, enrolled):
    give_recovery_codes(enrolled, "abcd2345")
    client.force_login(enrolled)
    response = client.post(reverse("two_factor:backup_tokens"))
    assert response.status_code == 302
    tokens = list(StaticDevice.objects.get(user=enrolled).token_set.values_list("token", flat=True))
    assert len(tokens) == 10 and "abcd2345" not in tokens


# --- Lockout (django-axes) on both steps ----------------------------------------------------------------------


def test_failed_passwords_and_failed_codes_add_up_to_a_lockout(client, enrolled, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(3):
        sign_in_step(client, "auth", username="staffer", password="wrong")
    sign_in_step(client, "auth", username="staffer", password=PASSWORD)
    sign_in_step(client, "token", otp_token="000000")
    response = sign_in_step(client, "token", otp_token="111111")
    assert response.status_code == 429
    assert b"Account locked" in response.content
    # Locked: even the right code does not sign in.
    response = sign_in_step(client, "token", otp_token=next_token(totp_device(enrolled)))
    assert "_auth_user_id" not in client.session
    response = sign_in_step(client, "auth", username="staffer", password=PASSWORD)
    assert response.status_code == 429


def test_five_wrong_codes_lock_the_account_even_with_the_right_password(client, enrolled):
    sign_in_step(client, "auth", username="staffer", password=PASSWORD)
    for _ in range(4):
        assert sign_in_step(client, "token", otp_token="000000").status_code == 200
    assert sign_in_step(client, "token", otp_token="000000").status_code == 429
    fresh = Client()
    assert sign_in_step(fresh, "auth", username="staffer", password=PASSWORD).status_code == 429


def test_a_successful_sign_in_resets_the_count(client, enrolled):
    for _ in range(4):
        sign_in_step(client, "auth", username="staffer", password="wrong")
    sign_in_step(client, "auth", username="staffer", password=PASSWORD)
    assert sign_in_step(client, "token", otp_token=next_token(totp_device(enrolled))).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in_step(client, "auth", username="staffer", password="wrong")
    assert sign_in_step(client, "auth", username="staffer", password=PASSWORD).status_code == 200


# --- A superuser resets a lost factor ---------------------------------------------------------------------------


def test_a_superuser_resets_a_lost_factor(client, enrolled, superuser):
    give_recovery_codes(enrolled, "abcd2345")
    lost = Client()
    lost.force_login(enrolled)
    assert lost.get("/admin/").status_code == 200

    client.force_login(superuser)
    changelist = client.get("/admin/auth/user/")
    assert b"reset_two_factor" in changelist.content
    response = client.post(
        "/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [enrolled.pk]}, follow=True
    )
    assert response.status_code == 200
    assert b"Two-factor sign-in reset for 1 account" in response.content
    assert not TOTPDevice.objects.filter(user=enrolled).exists()
    assert not StaticDevice.objects.filter(user=enrolled).exists()
    entry = LogEntry.objects.filter(object_id=str(enrolled.pk)).latest("action_time")
    assert entry.user == superuser and "Reset two-factor sign-in" in entry.get_change_message()
    # Their open session is no longer verified: back to enrolment.
    assert lost.get("/admin/")["Location"].startswith(SETUP)


def test_only_a_superuser_may_reset_a_factor(client, enrolled, staffer):
    admin_user = StaffUserFactory(username="useradmin")
    from django.contrib.auth.models import Permission

    admin_user.user_permissions.set(Permission.objects.filter(codename__in=["view_user", "change_user"]))
    client.force_login(admin_user)
    assert b"reset_two_factor" not in client.get("/admin/auth/user/").content
    client.post("/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [enrolled.pk]})
    assert TOTPDevice.objects.filter(user=enrolled).exists()


def test_the_user_list_shows_who_has_two_factor(client, enrolled, superuser, django_assert_max_num_queries):
    client.force_login(superuser)
    with django_assert_max_num_queries(20):
        response = client.get("/admin/auth/user/")
    assert "Two-factor set up" in response.content.decode()


# --- Sessions ---------------------------------------------------------------------------------------------------


def test_staff_sessions_last_eight_hours_at_most_and_end_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_a_session_older_than_eight_hours_is_ended(client, enrolled, settings):
    client.force_login(enrolled)
    session = client.session
    session[reauth.STARTED_KEY] = int(time.time()) - settings.SESSION_COOKIE_AGE - 1
    session.save()
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session


def make_sign_in_old(client):
    session = client.session
    session[reauth.SESSION_KEY] = int(time.time()) - 16 * 60
    session.save()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/auth/user/add/",
        "/admin/auth/group/add/",
        "/admin/auth/user/{user}/change/",
        "/admin/auth/user/{user}/delete/",
        "/admin/auth/user/{user}/password/",
        "/admin/auth/group/{group}/change/",
    ],
)
def test_user_and_group_changes_need_a_recent_sign_in(client, superuser, path):
    group = Group.objects.get(name="Editors")
    path = path.format(user=superuser.pk, group=group.pk)
    client.force_login(superuser)
    assert client.get(path).status_code == 200  # just signed in
    make_sign_in_old(client)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:reauthenticate')}?next={path.replace('/', '%2F')}"


def test_bulk_actions_on_users_need_a_recent_sign_in(client, superuser, enrolled):
    client.force_login(superuser)
    make_sign_in_old(client)
    response = client.post("/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [enrolled.pk]})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert TOTPDevice.objects.filter(user=enrolled).exists()
    assert client.get("/admin/units/sendunit/").status_code == 200  # other admin pages are not affected


def test_confirming_with_password_and_code_allows_the_change(client, superuser):
    client.force_login(superuser)
    make_sign_in_old(client)
    confirm = reverse("accounts:reauthenticate")
    page = client.get(confirm, {"next": "/admin/auth/group/add/"})
    assert page.status_code == 200
    assert b'autocomplete="one-time-code"' in page.content and b'autocomplete="current-password"' in page.content

    wrong = client.post(confirm + "?next=/admin/auth/group/add/", {"password": PASSWORD, "otp_token": "000000"})
    assert wrong.status_code == 200 and wrong.context["error_list"]
    wrong = client.post(confirm, {"password": "nope", "otp_token": next_token(totp_device(superuser))})
    assert wrong.status_code == 200 and wrong.context["error_list"]
    totp_device(superuser).throttle_reset()  # django-otp makes a device wait a second after a wrong code

    response = client.post(
        confirm,
        {"password": PASSWORD, "otp_token": next_token(totp_device(superuser)), "next": "/admin/auth/group/add/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/auth/group/add/"
    assert client.get("/admin/auth/group/add/").status_code == 200


def test_confirming_ignores_a_next_on_another_site(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("accounts:reauthenticate"),
        {"password": PASSWORD, "otp_token": next_token(totp_device(superuser)), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/admin/"


def test_failed_confirmations_count_toward_the_lockout(client, superuser):
    client.force_login(superuser)
    confirm = reverse("accounts:reauthenticate")
    for _ in range(4):
        assert client.post(confirm, {"password": PASSWORD, "otp_token": "000000"}).status_code == 200
    assert client.post(confirm, {"password": PASSWORD, "otp_token": "000000"}).status_code == 429


# --- Dev-only switch --------------------------------------------------------------------------------------------


def test_dev_switch_lets_a_password_only_session_in_with_debug_only(client, staffer, settings):
    login_without_second_factor(client, staffer)
    settings.TWO_FACTOR_DEV_BYPASS = True
    settings.DEBUG = False
    assert client.get("/admin/").status_code == 302  # no effect without DEBUG
    settings.DEBUG = True
    assert client.get("/admin/").status_code == 200


def test_dev_switch_skips_enrolment_after_the_password(client, staffer, settings):
    settings.TWO_FACTOR_DEV_BYPASS = True
    settings.DEBUG = True
    response = sign_in_step(client, "auth", next_url="/admin/", username="staffer", password=PASSWORD)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_check_deploy_refuses_the_dev_switch(settings):
    settings.TWO_FACTOR_DEV_BYPASS = True
    assert [error.id for error in dev_bypass_off(None)] == ["accounts.E001"]
    settings.TWO_FACTOR_DEV_BYPASS = False
    assert dev_bypass_off(None) == []


PROBE = "import django; django.setup(); from django.conf import settings; print(settings.TWO_FACTOR_DEV_BYPASS)"


@pytest.mark.parametrize(
    ("module", "expected"), [("localoffer.settings.prod", "False"), ("localoffer.settings.dev", "True")]
)
def test_prod_settings_cannot_enable_the_dev_switch(tmp_path, module, expected):
    env = {
        **{key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": module,
        "TWO_FACTOR_DEV_BYPASS": "1",
        "DEBUG": "true",
        "SECRET_KEY": "k3y-" + "x7Qp9" * 12,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == expected


# --- Pages stay cheap -------------------------------------------------------------------------------------------


def test_sign_in_pages_use_bounded_queries(client, enrolled, django_assert_max_num_queries):
    # The page's menu and the site: 12, plus the page view restrictions with CMS_PERMISSION on, plus the CMS's
    # once-only URL configuration check after a publish elsewhere in the session (2). None grow with content.
    with django_assert_max_num_queries(15):
        assert client.get(SIGN_IN).status_code == 200
    with django_assert_max_num_queries(25):
        sign_in_step(client, "auth", username="staffer", password=PASSWORD)
