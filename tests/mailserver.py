"""Mail servers on loopback for tests and the fault drill: never the internet.

- ``smtp_server`` fixture: a real SMTP server (aiosmtpd) on a free loopback port, with the settings pointed at
  it (``EMAIL_DELIVERY_BACKEND`` = Django's SMTP backend). ``.messages`` holds what it received, parsed
  (``email.message.EmailMessage``, plus ``.envelope_to``); ``.down()`` and ``.up()`` stop and start it on
  the same port.
- ``blackhole_smtp`` fixture: accepts TCP connections and never says a word, like a stalled mail server; the
  settings point at it with a 1 s ``EMAIL_TIMEOUT``.
"""

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Recorder:
    def __init__(self):
        self.messages = []
        self.refused = set()  # addresses answered with a permanent "550" at RCPT TO
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


class MailServer:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.recorder = Recorder()
        self.controller = None

    @property
    def messages(self):
        with self.recorder.lock:
            return list(self.recorder.messages)

    def up(self):
        if self.controller is None:
            self.controller = Controller(self.recorder, hostname=HOST, port=self.port, ready_timeout=10)
            self.controller.start()
        return self

    def down(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class BlackHole:
    """Accepts connections and holds them open without answering, until stopped."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.listener = None
        self.held = []
        self.thread = None

    def up(self):
        self.listener = socket.create_server((HOST, self.port), reuse_port=False)
        self.listener.settimeout(0.2)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.accept_forever, daemon=True, name="blackhole-smtp")
        self.thread.start()
        return self

    def accept_forever(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            self.held.append(conn)

    def down(self):
        if self.listener is None:
            return
        self.stopping.set()
        self.thread.join(timeout=2)
        for conn in self.held:
            conn.close()
        self.held.clear()
        self.listener.close()
        self.listener = None

    @property
    def connections(self):
        return len(self.held)


def point_settings_at(settings, port, timeout):
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = HOST
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = timeout


@pytest.fixture
def smtp_server(settings):
    server = MailServer().up()
    point_settings_at(settings, server.port, timeout=5)
    yield server
    server.down()


@pytest.fixture
def blackhole_smtp(settings):
    hole = BlackHole().up()
    point_settings_at(settings, hole.port, timeout=1)
    yield hole
    hole.down()
