"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py localoffer.wsgi`.

Every value can be overridden from the environment (GUNICORN_WORKERS, GUNICORN_THREADS, ...), so a container
is tuned without rebuilding the image. GUNICORN_CMD_ARGS, which gunicorn reads itself, still wins over this
file for one-off experiments.

Worker model: `gthread`, (2 x cores) + 1 processes of 2 threads each, i.e. 5 x 2 on the 2-core target box.
- Django with PostgreSQL is synchronous code, so no async worker (gevent/eventlet would need monkey
  patching of psycopg, and uvicorn workers buy nothing for a WSGI app).
- Rendering a CMS page is mostly CPU (templates, ~23 ms) with some waiting on PostgreSQL and Redis. Processes
  give real parallelism for the CPU part despite the GIL; (2 x cores) + 1 keeps both cores busy while some
  workers wait on the database or on a slow client.
- A second thread per worker overlaps that waiting cheaply (threads share the worker's memory), and unlike
  the `sync` worker, `gthread` supports HTTP keep-alive to the proxy/load balancer in front, and an idle
  keep-alive connection is parked in the worker's poller instead of holding a thread.
- Memory: ~75 MB resident per worker after boot (measured), more as caches fill: 5 fit a small box easily.
- Database connections: Django keeps one per thread (CONN_MAX_AGE), so one container holds up to
  workers x threads = 10 PostgreSQL connections; keep (containers x 10) below max_connections (default 100).
Measure before raising threads: more threads per process mostly add GIL contention for CPU-bound pages.

What the load benchmark (`make loadtest`, README "Load benchmark") showed, and why this stays the choice:
- With the anonymous page cache, most requests during a spike are cache hits: about a millisecond of Python
  and one Redis round trip each, like a whitenoise static file. Throughput is then bound by the two cores,
  so more processes than (2 x cores) + 1 only add context switches; fewer leave a core idle while a worker
  waits on Redis or PostgreSQL.
- Uncached pages (a filter nobody asked for before, staff) are 20-80 ms of CPU-bound rendering plus a few
  ms in PostgreSQL: the second thread per worker overlaps that wait; more threads would queue on the GIL.
- The 64-connection mixed run finished with no errors and no timeouts with 5 x 2 gthread: keep-alive
  connections that are idle between requests wait in each worker's poller, while a `sync` worker would hold
  a whole process per connection (and closes every connection after one request).
  On the development box (2 cores, load average ~10 from other jobs, so only indicative) the 64-connection
  mixed run gave 364 req/s with 5 x 2 gthread and 270 req/s with 5 sync workers, both without errors.
  On the same box when quiet (2026-11-28, 5 x 2 gthread, 10,000 units and articles, wrk on the same two
  cores): static file 878 req/s, cached pages 607-734 req/s (69-84 % of it), uncached directory 31-43 req/s
  at 4 connections (p50 88-123 ms), and the 64-connection mixed run 674 req/s, p95 214 ms, 0 errors.
Re-run on the target before tuning (GUNICORN_WORKER_CLASS=sync GUNICORN_THREADS=1 make loadtest compares the
sync model).
"""

import datetime
import json
import math
import os
from pathlib import Path

from gunicorn.glogging import Logger, SafeAtoms


def _env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _env_bool(name, default):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in ("1", "true", "yes", "on")


def _cpu_quota(cgroup_root):
    """CPUs allowed by a cgroup CPU quota (`docker run --cpus`, Kubernetes limits), or None for no quota."""
    root = Path(cgroup_root)
    try:  # cgroup v2: "max 100000" or "150000 100000"
        quota, period = (root / "cpu.max").read_text().split()
        quota = None if quota == "max" else int(quota)
        period = int(period)
    except (OSError, ValueError):
        try:  # cgroup v1: quota -1 means none
            quota = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
            period = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        except (OSError, ValueError):
            return None
        quota = None if quota <= 0 else quota
    if quota is None or period <= 0:
        return None
    return max(1, math.ceil(quota / period))


def _cpu_count(cgroup_root="/sys/fs/cgroup"):
    """CPUs this process may really use: the CPU affinity mask, capped by a cgroup quota.

    os.cpu_count() reports the host's cores, which in a container on a large host would start dozens of
    workers.
    """
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    quota = _cpu_quota(cgroup_root)
    return max(1, min(count, quota) if quota else count)


# --- Socket -------------------------------------------------------------------------------------------
# PORT is the convention of most container platforms; GUNICORN_BIND wins when both are set.
bind = [os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT') or 8000}"]  # noqa: S104

# --- Workers (see the module docstring for the choice) -------------------------------------------------
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
# WEB_CONCURRENCY is the name gunicorn and several platforms already use for the worker count.
workers = _env_int("GUNICORN_WORKERS", _env_int("WEB_CONCURRENCY", 2 * _cpu_count() + 1))
threads = _env_int("GUNICORN_THREADS", 2)

# A worker whose main loop has not reported in for `timeout` seconds is killed and replaced. With gthread
# the loop keeps reporting while a request runs in a thread, so this catches a hung worker rather than a
# slow request; keep it above the slowest legitimate request (CMS publishing, image uploads) anyway.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (docker stop, a rolling deploy) workers finish in-flight requests for up to this long. Keep it
# below the orchestrator's kill grace period (Docker: 10 s default; compose sets stop_grace_period).
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 25)
# Seconds an idle keep-alive connection stays open. Behind a load balancer that reuses upstream connections,
# set this ABOVE the balancer's idle timeout (AWS ALB: 60 s -> GUNICORN_KEEPALIVE=65), or the balancer may
# send a request on a connection gunicorn is just closing.
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# Recycle each worker after about this many requests: bounds slow memory growth (template/thumbnail caches,
# leaks in dependencies). The jitter spreads the restarts so workers never all restart at once.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# Loading Django once in the master before forking saves memory (copy-on-write) and speeds up worker
# recycling. Off by default: code that opens a connection at import time would share it across workers.
preload_app = _env_bool("GUNICORN_PRELOAD", False)
# The heartbeat file lives in shared memory: a container's /tmp may be an overlay on a slow disk, where a
# blocked write makes gunicorn kill healthy workers.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or ("/dev/shm" if os.path.isdir("/dev/shm") else None)  # noqa: S108

# --- Proxy ----------------------------------------------------------------------------------------------
# Addresses whose X-Forwarded-* headers gunicorn believes (for wsgi.url_scheme and REMOTE_ADDR handling).
# Default: loopback only. Behind a reverse proxy on a Docker network, list the proxy's address, or "*" when
# nothing but the proxy can reach this port. Django itself trusts X-Forwarded-Proto through
# SECURE_PROXY_SSL_HEADER (prod settings), so the same rule applies: only the proxy may reach gunicorn.
# FORWARDED_ALLOW_IPS is gunicorn's own variable name for this setting.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

# --- Process ----------------------------------------------------------------------------------------------
proc_name = "localoffer"
# gunicorn >= 25 opens a control socket under $HOME by default. A container is managed with signals, its
# home may be read-only, and two instances on one host would share (and delete) the same socket path: off,
# unless a path is given.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


# --- Logging -------------------------------------------------------------------------------------------
class JsonSafeAtoms(SafeAtoms):
    """Access-log atoms escaped for a JSON string (gunicorn's SafeAtoms only escapes double quotes, so a
    backslash or control character in a URL or User-Agent would break the line). None becomes null."""

    def __init__(self, atoms):
        dict.__init__(self)
        for key, value in atoms.items():
            if isinstance(value, str):
                self[key] = json.dumps(value, ensure_ascii=False)[1:-1]
            elif value is None:
                self[key] = "null"
            else:
                self[key] = value


class JsonAccessLogger(Logger):
    """gunicorn's logger, with an ISO 8601 UTC timestamp atom and JSON-safe atoms for the access log."""

    atoms_wrapper_class = JsonSafeAtoms

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["time_iso"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")
        atoms["pid"] = os.getpid()
        return atoms


logger_class = JsonAccessLogger
# One JSON object per line on stdout. Numbers are left unquoted: status is always three digits, duration_ms
# and pid integers, bytes an integer or null. Header atoms ({name}i) are "-" when the header is absent.
access_log_format = (
    "{"
    '"time": "%(time_iso)s", '
    '"type": "access", '
    '"remote_addr": "%(h)s", '
    '"forwarded_for": "%({x-forwarded-for}i)s", '
    '"method": "%(m)s", '
    '"path": "%(U)s", '
    '"query": "%(q)s", '
    '"protocol": "%(H)s", '
    '"status": %(s)s, '
    '"bytes": %(B)s, '
    '"duration_ms": %(M)s, '
    '"referer": "%(f)s", '
    '"user_agent": "%(a)s", '
    '"request_id": "%({x-request-id}i)s", '
    '"pid": %(pid)s'
    "}"
)
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # "-" is stdout; empty turns it off
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")  # "-" is stderr
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
