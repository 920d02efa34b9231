"""The production set-up on loopback, for the load benchmark and the fault drill.

Private, throw-away instances only: a PostgreSQL cluster (initdb + pg_ctl) and a redis-server, each on a free
port in a temporary directory, so the drills can stop and restart them without touching a shared server.
Then the release step (migrate + seed), collectstatic, optional bulk data, and gunicorn with the repository's
gunicorn.conf.py and the prod settings.
"""

import glob
import http.client
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up within {timeout} s")


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def postgres_bin():
    """The newest server binaries installed by Debian's postgresql packages."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        sys.exit("PostgreSQL server binaries not found (apt-get install postgresql), or pass --database-url.")
    return Path(found[-1]).parent


class PrivatePostgres:
    """A PostgreSQL cluster of its own. As root, the server runs as the `postgres` user (it refuses root)."""

    def __init__(self, directory):
        self.dir = Path(directory) / "pg"
        self.port = free_port()
        self.bin = postgres_bin()
        self.as_user = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/localoffer"

    def _run(self, *command, check=True):
        return subprocess.run([*self.as_user, *command], check=check, capture_output=True, text=True)  # noqa: S603

    def start_fresh(self):
        self.dir.mkdir(parents=True)
        if self.as_user:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            os.chmod(self.dir.parent, 0o755)  # noqa: S103 - the postgres user must reach its data directory
        self._run(str(self.bin / "initdb"), "-D", str(self.dir / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.start()
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "localoffer")

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.dir / "data"),
            "-l",
            str(self.dir / "log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self, mode="fast"):
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", mode, "-w", "stop", check=False)

    def restart(self):
        """What an upgrade or a crash-restart does: drop every connection, then accept new ones. (Not
        `pg_ctl restart`, which leaves the server attached to our output pipe.)"""
        self.stop("fast")
        self.start()


class PrivateRedis:
    def __init__(self, directory):
        self.dir = Path(directory)
        self.port = free_port()
        self.process = None
        self.executable = shutil.which("redis-server")
        if not self.executable:
            sys.exit("redis-server not found (apt-get install redis-server).")

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir), "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: port_open(self.port), 10, "redis-server")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def prod_env(directory, database_url, redis_url, **overrides):
    directory = Path(directory)
    env = {
        "PATH": os.pathsep.join([str(Path(PYTHON).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(directory),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "localoffer.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(directory / "static"),
        "MEDIA_ROOT": str(directory / "media"),
        "CACHE_DIR": str(directory / "cache"),
        "SITE_DOMAIN": "127.0.0.1",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    # gunicorn settings given to the drill (GUNICORN_WORKERS=3 make loadtest) reach gunicorn.conf.py.
    env.update({key: value for key, value in os.environ.items() if key.startswith("GUNICORN_")})
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def prepare_site(env, units=0, articles=0):
    """Release step and collectstatic side by side (database vs. files), then the bulk data."""
    log("release step (migrate + seed_site) and collectstatic")
    collect = subprocess.Popen(  # noqa: S603
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    release = subprocess.run(["sh", "docker/release.sh"], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603,S607
    output, _ = collect.communicate()
    if release.returncode or collect.returncode:
        sys.exit(f"site set-up failed:\n{release.stdout}\n{release.stderr}\n{output}")
    if units or articles:
        log(f"adding {units} units and {articles} published articles")
        subprocess.run(  # noqa: S603
            [PYTHON, "scripts/benchdata.py", "--units", str(units), "--articles", str(articles)],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip


class Gunicorn:
    def __init__(self, directory, env):
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.stdout_path = Path(directory) / "gunicorn.access.log"
        self.stderr_path = Path(directory) / "gunicorn.error.log"
        self.process = None

    def start(self, timeout=120):
        with open(self.stdout_path, "w") as stdout, open(self.stderr_path, "w") as stderr:
            self.process = subprocess.Popen(  # noqa: S603
                [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "localoffer.wsgi"],
                cwd=ROOT, env=self.env, stdout=stdout, stderr=stderr,
            )  # fmt: skip

        def up():
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.stderr_path.read_text()}")
            try:
                return get(self.port, "/healthz")[0] == 200
            except OSError:
                return False

        wait_for(up, timeout, "gunicorn")

    def worker_pids(self):
        result = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)  # noqa: S603,S607
        return sorted(int(pid) for pid in result.stdout.split())

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def tear_down(directory, keep, server, *services):
    """Stop gunicorn and the private servers; remove the drill's files unless asked to keep them."""
    if server:
        server.stop()
    for service in services:
        service.stop()
    if keep:
        print(f"logs kept in {directory}")
    else:
        shutil.rmtree(directory, ignore_errors=True)


def get(port, path, headers=None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()
