"""The production path, end to end, in subprocesses with a clean environment.

Each `manage.py` run imports the prod settings afresh, the way a container does. The server tests run the
release step (docker/release.sh: migrate + seed_site), collectstatic, then gunicorn with the repository's
gunicorn.conf.py, and talk HTTP to it. Servers start once per module (fixtures below).
"""

import http.client
import importlib.util
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FORM_PATHS, PUBLIC_PATHS

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STRONG_SECRET_KEY = secrets.token_urlsafe(64)
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
SECURITY_HEADERS = (
    "Strict-Transport-Security",
    "Content-Security-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "Permissions-Policy",
)
# A Redis database kept for this module's tests: flushed before and after use.
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('TEST_REDIS_DEPLOY_DB', '15')}"

# With -n (xdist), keep this module on one worker so the servers start once (needs --dist loadgroup).
pytestmark = pytest.mark.xdist_group("deploy")


def clean_env(home, **variables):
    """Nothing from the caller's environment but PATH (with this venv first, for `python` in scripts)."""
    env = {
        "PATH": os.pathsep.join([str(Path(PYTHON).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update({key: str(value) for key, value in variables.items()})
    return env


def prod_env(directory, **overrides):
    variables = {
        "DJANGO_SETTINGS_MODULE": "localoffer.settings.prod",
        "SECRET_KEY": STRONG_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
        "STATIC_ROOT": directory / "static",
        "MEDIA_ROOT": directory / "media",
        "CACHE_DIR": directory / "cache",
    }
    variables.update(overrides)
    return clean_env(directory, **{key: value for key, value in variables.items() if value is not None})


def run(args, env, timeout=180):
    # S603: the commands are this module's own constants, not outside input.
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603


def manage(*args, env, timeout=180):
    return run([PYTHON, "manage.py", *args], env=env, timeout=timeout)


def must_succeed(result):
    assert result.returncode == 0, f"{result.args} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


# --- (a) missing required variables, (c) weak keys -------------------------------------------------------


@pytest.mark.parametrize("missing", [*([name] for name in REQUIRED), list(REQUIRED)], ids=lambda m: "+".join(m))
def test_prod_settings_refuse_to_start_without_required_variable(tmp_path, missing):
    result = manage("check", env=prod_env(tmp_path, **dict.fromkeys(missing)))

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    named = re.search(
        r"ImproperlyConfigured: Production settings need these environment variables: (.+)$", result.stderr, re.M
    )
    assert named, result.stderr
    assert named.group(1).split(", ") == missing


def test_prod_settings_treat_an_empty_variable_as_missing(tmp_path):
    result = manage("check", env=prod_env(tmp_path, ALLOWED_HOSTS=""))

    assert result.returncode != 0
    assert "Production settings need these environment variables: ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize(
    "weak_key",
    [
        "too-short-0123456789",
        "django-insecure-" + secrets.token_urlsafe(64),  # startproject's throwaway key
        "ab" * 40,  # long enough, but hardly random
    ],
    ids=["short", "django-insecure", "low-variety"],
)
def test_prod_settings_refuse_a_weak_secret_key(tmp_path, weak_key):
    result = manage("check", env=prod_env(tmp_path, SECRET_KEY=weak_key))

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be a random string of at least 50 characters." in result.stderr


# --- (b) check --deploy -----------------------------------------------------------------------------------


@pytest.mark.parametrize("ssl_redirect", [None, "false"], ids=["ssl-redirect-default", "ssl-redirect-false"])
def test_check_deploy_has_no_warnings(tmp_path, ssl_redirect):
    env = prod_env(tmp_path, SECURE_SSL_REDIRECT=ssl_redirect)

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    must_succeed(result)
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


# --- The container files agree with what these tests run ------------------------------------------------

# What the production process reads from the environment; each must be documented in .env.example.
ENV_READERS = ["localoffer/settings/base.py", "localoffer/settings/prod.py", "gunicorn.conf.py", "docker/release.sh"]
ENV_READERS += ["localoffer/management/commands/seed_site.py", "docker/healthcheck.py"]
UNDOCUMENTED_ON_PURPOSE = {"DEBUG"}  # prod.py forces DEBUG off whatever the environment says
ENV_READ = re.compile(r"""(?:env(?:\.\w+)?\(|os\.environ\.get\(|os\.environ\[|_env_\w+\(|\$\{)\s*"?([A-Z][A-Z0-9_]+)""")


def test_every_environment_variable_is_documented_in_env_example():
    read = {name for path in ENV_READERS for name in ENV_READ.findall((ROOT / path).read_text())}
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))

    assert read > {"SECRET_KEY", "GUNICORN_WORKERS", "DJANGO_SUPERUSER_USERNAME", "SEED_SITE"}  # the regex works
    undocumented = read - documented - UNDOCUMENTED_ON_PURPOSE
    assert not undocumented, f"add these to .env.example: {sorted(undocumented)}"


def test_container_files_run_what_these_tests_run():
    dockerfile = (ROOT / "Dockerfile").read_text()
    compose = (ROOT / "docker-compose.yml").read_text()
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}

    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py", "localoffer.wsgi"]' in dockerfile
    assert "DJANGO_SETTINGS_MODULE=localoffer.settings.prod" in dockerfile
    assert re.search(r"^USER [1-9]\d*:[1-9]\d*$", dockerfile, re.M), "the image must not run as root"
    assert "WORKDIR /app" in dockerfile
    for script in set(re.findall(r"/app/([\w./-]+\.(?:py|sh))", dockerfile + compose)):
        assert (ROOT / script).is_file(), f"{script} is referenced by the container files but missing"
        assert script.split("/")[0] not in ignored, f"{script} is excluded from the build context"
    for needed in ["manage.py", "gunicorn.conf.py", "requirements.txt", "localoffer", "static", "templates"]:
        assert needed not in ignored
    assert {".env", ".venv", ".git", "db.sqlite3", "media", "staticfiles"} <= ignored


# --- gunicorn.conf.py: defaults and environment overrides --------------------------------------------------


def gunicorn_config(tmp_path, **variables):
    """The settings gunicorn resolves from gunicorn.conf.py. --print-config also loads the app, so it is given
    a stdlib WSGI app: this checks the config file alone, fast and without Django settings."""
    command = [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config", "wsgiref.simple_server:demo_app"]
    result = must_succeed(run(command, env=clean_env(tmp_path, **variables)))
    return dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.M))


def load_gunicorn_conf():
    """gunicorn.conf.py as a module, for its helper functions."""
    spec = importlib.util.spec_from_file_location("gunicorn_conf_under_test", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_config_defaults(tmp_path):
    config = gunicorn_config(tmp_path)

    cpus = load_gunicorn_conf()._cpu_count()  # the affinity mask, capped by a cgroup quota (tested below)
    assert config["workers"] == str(2 * cpus + 1)
    assert config["worker_class"] == "gthread"
    assert config["threads"] == "2"
    assert config["bind"] == "['0.0.0.0:8000']"
    assert (config["timeout"], config["graceful_timeout"], config["keepalive"]) == ("30", "25", "5")
    assert (config["max_requests"], config["max_requests_jitter"]) == ("1000", "100")
    assert config["forwarded_allow_ips"] == "['127.0.0.1', '::1']"
    assert (config["accesslog"], config["errorlog"]) == ("-", "-")
    assert config["control_socket_disable"] == "True"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, None),
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu.max": "150000 100000\n"}, 2),
        ({"cpu.max": "50000 100000\n"}, 1),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({"cpu/cpu.cfs_quota_us": "300000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 3),
    ],
    ids=["none", "v2-unlimited", "v2-1.5-cpus", "v2-half-cpu", "v1-unlimited", "v1-3-cpus"],
)
def test_gunicorn_config_reads_the_container_cpu_quota(tmp_path, files, expected):
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)

    conf = load_gunicorn_conf()

    assert conf._cpu_quota(tmp_path) == expected
    if expected:
        assert conf._cpu_count(tmp_path) == min(expected, len(os.sched_getaffinity(0)))


def test_gunicorn_config_follows_the_environment(tmp_path):
    config = gunicorn_config(
        tmp_path,
        GUNICORN_BIND="127.0.0.1:9001",
        GUNICORN_WORKERS="3",
        GUNICORN_THREADS="4",
        GUNICORN_WORKER_CLASS="sync",
        GUNICORN_TIMEOUT="60",
        GUNICORN_GRACEFUL_TIMEOUT="20",
        GUNICORN_KEEPALIVE="65",
        GUNICORN_MAX_REQUESTS="500",
        GUNICORN_MAX_REQUESTS_JITTER="50",
        FORWARDED_ALLOW_IPS="10.0.0.2",
    )

    assert config["bind"] == "['127.0.0.1:9001']"
    assert (config["workers"], config["threads"], config["worker_class"]) == ("3", "4", "sync")
    assert (config["timeout"], config["graceful_timeout"], config["keepalive"]) == ("60", "20", "65")
    assert (config["max_requests"], config["max_requests_jitter"]) == ("500", "50")
    assert config["forwarded_allow_ips"] == "['10.0.0.2']"
    assert gunicorn_config(tmp_path, WEB_CONCURRENCY="7")["workers"] == "7"
    assert gunicorn_config(tmp_path, PORT="5000")["bind"] == "['0.0.0.0:5000']"


# --- (d) the production path: release step, collectstatic, gunicorn --------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, path, headers=None, timeout=30):
    """One GET; redirects are not followed. Returns (status, headers as an HTTPMessage, body bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


class Server:
    def __init__(self, port, process, stdout_path, stderr_path):
        self.port, self.process = port, process
        self.stdout_path, self.stderr_path = stdout_path, stderr_path

    def get(self, path, headers=None):
        return request(self.port, path, headers)

    def stdout(self):
        return self.stdout_path.read_text()

    def stderr(self):
        return self.stderr_path.read_text()


def start_gunicorn(directory, env, name, boot_timeout=90):
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    stdout_path, stderr_path = directory / f"{name}.stdout.log", directory / f"{name}.stderr.log"
    with open(stdout_path, "w") as stdout, open(stderr_path, "w") as stderr:
        process = subprocess.Popen(  # noqa: S603 - a fixed command
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "localoffer.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
    server = Server(port, process, stdout_path, stderr_path)
    deadline = time.monotonic() + boot_timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode} while starting:\n{server.stderr()}")
        try:
            if server.get("/healthz")[0] == 200:
                return server
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_gunicorn(server)
            pytest.fail(f"gunicorn did not answer /healthz within {boot_timeout} s:\n{server.stderr()}")
        time.sleep(0.25)


def stop_gunicorn(server):
    """SIGTERM, as `docker stop` sends: gunicorn must shut down gracefully, well inside its grace period."""
    if server.process.poll() is not None:
        return server.process.returncode
    server.process.send_signal(signal.SIGTERM)
    try:
        return server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
        pytest.fail("gunicorn did not stop within 30 s of SIGTERM")


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    """A database migrated and seeded by the release step, and static files collected, as for the image."""
    directory = tmp_path_factory.mktemp("deploy")
    env = prod_env(directory, SECURE_SSL_REDIRECT="false")
    # Independent (files vs. database) and single-threaded each: run side by side on the two cores.
    collectstatic = subprocess.Popen(  # noqa: S603 - a fixed command
        [PYTHON, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    release = run(["sh", "docker/release.sh"], env=env, timeout=300)
    collectstatic_output, _ = collectstatic.communicate(timeout=300)
    must_succeed(release)
    assert collectstatic.returncode == 0, f"collectstatic exited {collectstatic.returncode}\n{collectstatic_output}"
    assert "post-processed" in collectstatic_output, collectstatic_output
    return directory


@pytest.fixture(scope="module")
def server(site_dir):
    """gunicorn with the shipped config, its default worker count included, and SSL redirect off."""
    server = start_gunicorn(site_dir, prod_env(site_dir, SECURE_SSL_REDIRECT="false"), "plain")
    yield server
    returncode = stop_gunicorn(server)
    assert returncode == 0, server.stderr()


@pytest.fixture(scope="module")
def proxied_server(site_dir):
    """The production defaults behind a TLS proxy: SSL redirect on, cache in Redis."""
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()  # Redis must be up: a failure here fails the tests, it does not skip them
    env = prod_env(site_dir, REDIS_URL=REDIS_URL, GUNICORN_WORKERS=2)
    server = start_gunicorn(site_dir, env, "proxied")
    server.redis = connection
    yield server
    returncode = stop_gunicorn(server)
    connection.flushdb()
    assert returncode == 0, server.stderr()


# Requests as the TLS-terminating proxy forwards them (prod trusts X-Forwarded-Proto).
HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_is_served_by_gunicorn(server, path):
    status, headers, body = server.get(path, HTTPS)

    assert status == 200, body[:2000]
    assert headers["Content-Type"].startswith("text/html")
    missing = [name for name in SECURITY_HEADERS if name not in headers]
    assert not missing, f"missing security headers on {path}: {missing}"
    assert "Set-Cookie" not in headers, f"anonymous page {path} sets a cookie: {headers.get_all('Set-Cookie')}"


@pytest.mark.parametrize("path", FORM_PATHS)
def test_form_page_is_served_by_gunicorn(server, path):
    """Form pages too render with DEBUG off and the manifest's static files (they may set the CSRF cookie)."""
    status, headers, body = server.get(path, HTTPS)

    assert status == 200, body[:2000]
    missing = [name for name in SECURITY_HEADERS if name not in headers]
    assert not missing, f"missing security headers on {path}: {missing}"


def test_security_header_values(server):
    _, headers, _ = server.get("/about/", HTTPS)

    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer(server, path):
    status, headers, body = server.get(path)

    assert status == 200, body
    assert "Set-Cookie" not in headers
    if path == "/readyz":
        assert json.loads(body)["status"] == "ok"


def test_hashed_static_file_is_served_with_long_cache(server):
    _, _, body = server.get("/", HTTPS)
    stylesheet = re.search(rb'<link rel="stylesheet" href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "no hashed stylesheet link on the home page"

    status, headers, css = server.get(stylesheet.group(1).decode(), {"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "Set-Cookie" not in headers
    assert css


def test_access_log_is_one_json_object_per_line(server):
    server.get("/about/?q=a%22b", {**HTTPS, "User-Agent": 'tricky "agent" \\ with quotes', "X-Request-ID": "abc-123"})
    time.sleep(0.2)  # the log line is written after the response is sent

    lines = [line for line in server.stdout().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line must parse

    assert entries
    assert all(entry["type"] == "access" for entry in entries)
    about = [entry for entry in entries if entry["path"] == "/about/" and entry["query"] == "q=a%22b"]
    assert about, lines[-5:]
    assert about[-1]["status"] == 200
    assert about[-1]["method"] == "GET"
    assert about[-1]["user_agent"] == 'tricky "agent" \\ with quotes'
    assert about[-1]["request_id"] == "abc-123"
    assert isinstance(about[-1]["duration_ms"], int)
    assert isinstance(about[-1]["bytes"], int)
    assert any(entry["path"] == "/healthz" for entry in entries)


def test_gunicorn_runs_the_configured_worker_model(server):
    stderr = server.stderr()

    assert "Using worker: gthread" in stderr
    assert "Traceback" not in stderr, stderr


def test_container_healthcheck_script(server, tmp_path):
    script = [PYTHON, "docker/healthcheck.py"]
    env = clean_env(tmp_path, GUNICORN_BIND=f"0.0.0.0:{server.port}", ALLOWED_HOSTS="localoffer.example.org")

    assert run(script, env=env).returncode == 0
    dead = run(script, env={**env, "GUNICORN_BIND": f"127.0.0.1:{free_port()}"})
    assert dead.returncode == 1
    assert "healthcheck:" in dead.stderr


def test_plain_http_is_redirected_to_https_behind_the_proxy(proxied_server):
    status, headers, _ = proxied_server.get("/about/")

    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{proxied_server.port}/about/"


def test_proxied_https_page_is_cached_in_redis(proxied_server):
    status, headers, _ = proxied_server.get("/about/", HTTPS)

    assert status == 200
    assert "Strict-Transport-Security" in headers
    assert "Set-Cookie" not in headers
    assert proxied_server.redis.keys("localoffer:*"), "nothing was cached in Redis"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_plain_http_despite_ssl_redirect(proxied_server, path):
    status, _, body = proxied_server.get(path)

    assert status == 200, body
    if path == "/readyz":
        checks = json.loads(body)["checks"]
        assert json.loads(body)["status"] == "ok"
        expected = {"database": "ok", "cache": "ok", "queue": "ok"}
        assert {name: check["status"] for name, check in checks.items()} == expected
