"""Browser tests: Debian's Chromium, driven by Playwright, against a live server that serves static files the
way production does (collectstatic output, whitenoise, CompressedManifestStaticFilesStorage, DEBUG off).

Fixtures, from the outside in:

- ``static_root`` (session): ``collectstatic`` into a temporary folder, once.
- ``production_static`` (session): the settings that make the site serve that folder with manifest storage.
- ``site_server`` (session): a LiveServerThread whose WSGI app is the plain Django handler, so requests for
  ``/static/`` go through whitenoise's middleware exactly as in production (pytest-django's ``live_server``
  wraps the app in the finder-based StaticFilesHandler, which knows nothing of hashed names).
- ``seeded_site``: the demo site, seeded and committed (checked once per module), for read-only tests.
  Tests that change content use ``fresh_site`` instead (transactional_db, seeded per test, flushed after).
- ``browser`` (session); ``visitor`` / ``page`` (anonymous browser tabs shared by read-only tests);
  ``new_context`` (contexts of the test's own, for cookies and staff sessions).
"""

import os
import subprocess
import sys
import threading
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings

from tests.conftest import seed_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    # No outside calls: every host name but the live server's fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
HOST = "127.0.0.1"
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


# Runs in a separate process, so that when the browser tests run on their own it overlaps the migration of
# the test database (each takes a few seconds).
COLLECTSTATIC = """
import sys

import django
from django.conf import settings

django.setup()
from django.core.management import call_command
from django.test.utils import override_settings

storages = {**settings.STORAGES, "staticfiles": {"BACKEND": sys.argv[2]}}
with override_settings(STATIC_ROOT=sys.argv[1], STORAGES=storages):
    call_command("collectstatic", interactive=False, verbosity=0)
"""


@pytest.fixture(scope="session", autouse=True)
def _collectstatic(tmp_path_factory):
    """Start ``collectstatic`` into a temporary folder as soon as the first browser test is set up."""
    from django.conf import settings

    root = tmp_path_factory.mktemp("staticfiles")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", COLLECTSTATIC, str(root), MANIFEST_STORAGE],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield root, process
    if process.poll() is None:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def static_root(_collectstatic):
    root, process = _collectstatic
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 0, f"collectstatic failed:\n{errors}"
    assert (root / "staticfiles.json").exists()
    return root


@pytest.fixture(scope="session")
def production_static(static_root):
    """Settings as in production for static files. Enabled while the server builds its middleware (whitenoise
    reads STATIC_ROOT once, at start-up) and again during each browser test ({% static %} reads the manifest)."""
    from django.conf import settings

    return override_settings(
        DEBUG=False,
        STATIC_ROOT=static_root,
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}},
        WHITENOISE_AUTOREFRESH=False,
        WHITENOISE_USE_FINDERS=False,
    )


@dataclass
class Server:
    url: str


class OneRequestAtATime:
    """WSGI wrapper that lets one request at a time reach Django.

    An in-memory SQLite database is one connection shared by every server thread. The CMS toolbar fires
    requests in parallel, and two threads on one SQLite connection fail with "database table is locked".
    The response is read in full inside the lock, so no query runs after the lock is released.
    """

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            response = self.app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()


@pytest.fixture(scope="session")
def site_server(django_db_setup, django_db_blocker, production_static):
    # An in-memory SQLite test database exists only in this thread's connection: hand it to the server.
    connections_override = {
        conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    # No StaticFilesHandler: /static/ requests reach whitenoise's middleware, as in production.
    static_handler = OneRequestAtATime if connections_override else (lambda app: app)
    thread = LiveServerThread(HOST, static_handler=static_handler, connections_override=connections_override)
    thread.daemon = True
    for conn in connections_override.values():
        conn.inc_thread_sharing()
    with production_static:  # the WSGIHandler, and so whitenoise, is built in thread.run()
        thread.start()
        thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield Server(f"http://{HOST}:{thread.port}")
    thread.terminate()
    for conn in connections_override.values():
        conn.dec_thread_sharing()


@pytest.fixture
def live_site(site_server, production_static):
    """The live server with production static settings in force for the test."""
    with production_static:
        yield site_server


def reseed():
    """seed_site() with the CMS page and menu caches cleared: they must not outlive the content they show."""
    cache.clear()
    seed_site()


@pytest.fixture(scope="module")
def _module_seed(django_db_setup, django_db_blocker):
    """Make sure the seeded site is in the database, committed, so the server thread sees it.

    tests/conftest.py seeds the test database once per session, but a transactional test (``fresh_site``)
    ends with a flush; seeding is idempotent and nearly free when the pages are already there.
    """
    with django_db_blocker.unblock():
        reseed()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Replaces the cache clearing that tests/conftest.py does around every test.

    Browser tests only see committed data, and the cache is cleared whenever that changes (``reseed()``,
    ``fresh_site``); keeping rendered pages between tests saves a cold render of every page per test.
    """


@pytest.fixture
def seeded_site(_module_seed, db, live_site):
    """The seeded site behind a live server, for tests that only read it."""
    return live_site


@pytest.fixture
def fresh_site(transactional_db, live_site):
    """A freshly seeded site behind a live server, for tests that change content."""
    reseed()
    yield live_site
    cache.clear()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, and Django's ORM refuses to run beside one.
    # Only set while the browser tests run (they run last), so other tests keep Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        yield playwright
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser):
    """Factory for browser contexts of the test's own (fresh cookies, storage, cache), closed after the test."""
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**kwargs)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


class VisitorPool:
    """One browser context and tab per set of options, for the whole session (a context costs ~0.4 s)."""

    def __init__(self, browser):
        self.browser = browser
        self.pages = {}

    def page(self, width, height, scale, javascript):
        key = (width, height, scale, javascript)
        if key not in self.pages:
            context = self.browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=scale, java_script_enabled=javascript
            )
            context.set_default_timeout(10_000)
            self.pages[key] = context.new_page()
        return self.pages[key]

    def close(self):
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="session")
def _visitor_pool(browser):
    pool = VisitorPool(browser)
    yield pool
    pool.close()


@pytest.fixture
def visitor(_visitor_pool):
    """The browser tab of an anonymous visitor: ``visitor(width=320, scale=2, javascript=False)``.

    Read-only tests share one tab per set of options; each test starts with page.goto(). Tests that listen
    to page events, or care about cookies or a first visit, make a context of their own with ``new_context``.
    """

    def get(width=1280, height=800, scale=1, javascript=True):
        return _visitor_pool.page(width, height, scale, javascript)

    return get


@pytest.fixture
def page(visitor):
    """The tab of an anonymous visitor at 1280 x 800."""
    return visitor()
