"""Security headers, cacheable anonymous pages, the staff-only CSP relaxation and login lockout."""

import pytest

from .conftest import PUBLIC_PATHS
from .factories import PASSWORD, StaffUserFactory
from .twofactor import sign_in_step, totp_device


def csp(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("path", PUBLIC_PATHS + ["/does-not-exist/"])
def test_anonymous_pages_set_no_cookie_and_carry_security_headers(client, seeded, path):
    response = client.get(path)
    assert not response.cookies, f"{path} set {list(response.cookies)}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = csp(response)
    assert policy["default-src"] == "'self'"
    assert "unsafe-inline" not in policy["script-src"]
    assert "unsafe-inline" not in policy["style-src"]
    assert policy["frame-ancestors"] == "'self'"
    assert all(part.strip() for part in response.get("Vary", "x").split(","))


def test_staff_get_the_relaxed_policy_the_cms_editor_needs(client, publisher):
    client.force_login(publisher)
    policy = csp(client.get("/about/?toolbar_on"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]


def test_anonymous_pages_load_no_cms_toolbar_assets(client, seeded):
    body = client.get("/").content.decode()
    assert "/static/cms/" not in body
    assert "cms-toolbar" not in body


def test_repeated_failed_logins_lock_the_account(client, seeded):
    StaffUserFactory(username="staffer")
    for _ in range(5):
        sign_in_step(client, "auth", username="staffer", password="wrong")
    response = sign_in_step(client, "auth", username="staffer", password=PASSWORD)
    assert response.status_code == 429
    assert b"Account locked" in response.content
    assert "_auth_user_id" not in client.session


def test_a_correct_password_leads_to_the_second_factor(client, seeded):
    staffer = StaffUserFactory(username="staffer")
    totp_device(staffer)
    response = sign_in_step(client, "auth", username="staffer", password=PASSWORD)
    assert response.status_code == 200
    assert response.context["wizard"]["steps"].current == "token"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),  # no proxy configured: a forged header is ignored
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.9, 203.0.113.7", "203.0.113.7"),  # the left entry is the client's own claim
        (2, "198.51.100.9, 203.0.113.7, 192.0.2.1", "203.0.113.7"),
        (2, "", "10.0.0.2"),  # a proxy that sent no header: fall back to the peer
    ],
)
def test_lockouts_and_rate_limits_use_the_client_address(rf, settings, proxies, forwarded_for, expected):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR="10.0.0.2")
    assert get_client_ip_address(request) == expected
