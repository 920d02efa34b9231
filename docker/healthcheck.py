"""Container health check: GET /healthz on the local gunicorn, exit 0 on a 200, 1 otherwise.

In the worker container (JOBS_HEARTBEAT_FILE set, docker-compose.yml) it checks instead that the worker wrote
its heartbeat to the database recently: the worker touches that file each time it does (jobs/worker.py).

Standard library only (the image has no curl). Django answers only for a Host in ALLOWED_HOSTS, so the
request carries the first allowed host rather than 127.0.0.1. Redirects are not followed: a 301 to HTTPS
means the health check is misconfigured, which should show as unhealthy rather than pass by accident.
"""

import http.client
import os
import sys
import time


def port_from_environment():
    bind = os.environ.get("GUNICORN_BIND", "")
    if bind and not bind.startswith(("unix:", "fd://")) and ":" in bind:
        return int(bind.rsplit(":", 1)[1])
    return int(os.environ.get("PORT") or 8000)


def host_header():
    first = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip()
    if not first or first == "*":
        return "localhost"
    return first.lstrip(".")  # ".example.org" allows example.org and its subdomains


def worker_is_beating(path):
    # The worker beats every 5 s; JOBS_WORKER_TIMEOUT (30 s) later other workers take its job over.
    limit = int(os.environ.get("JOBS_WORKER_TIMEOUT") or 30)
    try:
        age = time.time() - os.path.getmtime(path)
    except OSError:
        print(f"healthcheck: no worker heartbeat at {path}", file=sys.stderr)
        return 1
    if age > limit:
        print(f"healthcheck: last worker heartbeat {age:.0f} s ago", file=sys.stderr)
        return 1
    return 0


def main():
    if os.environ.get("JOBS_HEARTBEAT_FILE"):
        return worker_is_beating(os.environ["JOBS_HEARTBEAT_FILE"])
    connection = http.client.HTTPConnection("127.0.0.1", port_from_environment(), timeout=4)
    try:
        connection.request("GET", "/healthz", headers={"Host": host_header()})
        status = connection.getresponse().status
    except OSError as exc:
        print(f"healthcheck: {exc}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"healthcheck: /healthz answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
