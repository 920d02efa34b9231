"""Two-factor sign-in in tests: verified sessions for force_login, and codes computed from a user's device.

tests/conftest.py makes ``client.force_login(user)`` sign in fully (password and second factor), so tests of
other features need do nothing. ``login_without_second_factor`` signs in with the password step only.
"""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD_ONLY_FORCE_LOGIN = Client.force_login


def totp_device(user):
    """The user's authenticator (a confirmed TOTP device named "default"), created if it has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def verified_force_login(client, user, backend=None):
    PASSWORD_ONLY_FORCE_LOGIN(client, user, backend)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()


def login_without_second_factor(client, user):
    """Signed in with a password but not (yet) the second factor."""
    PASSWORD_ONLY_FORCE_LOGIN(client, user)


def totp_for_key(hex_key, t_offset=0):
    """The code an authenticator app shows now for a key (hex, as django-otp stores it)."""
    totp = TOTP(bytes.fromhex(hex_key), step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * t_offset
    return f"{totp.token():06d}"


def next_token(device):
    """A code the device accepts now: django-otp refuses a time step it has already used (last_t), so after a
    recent sign-in take the next step (within the device's tolerance) or wait for it."""
    device.refresh_from_db()
    step = int(time.time()) // device.step
    offset = max(0, device.last_t + 1 - step)
    if offset > device.tolerance:
        time.sleep(device.step - time.time() % device.step + 0.1)
        return next_token(device)
    return totp_for_key(device.key, offset)


SIGN_IN_PREFIX = "sign_in_view"  # the login wizard's management form prefix (its view class name)


def sign_in_step(client, step, next_url=None, **fields):
    """POST one step of the two-factor sign-in: "auth" (username, password), "token" or "backup" (otp_token)."""
    from django.urls import reverse

    url = reverse("two_factor:login") + (f"?next={next_url}" if next_url else "")
    data = {f"{SIGN_IN_PREFIX}-current_step": step, **{f"{step}-{name}": value for name, value in fields.items()}}
    return client.post(url, data)
