"""Container health check: GET /healthz on the local gunicorn, exit 0 on a 200, 1 otherwise.

Standard library only (the image has no curl). Django answers only for a Host in ALLOWED_HOSTS, so the
request carries the first allowed host rather than 127.0.0.1. Redirects are not followed: a 301 to HTTPS
means the health check is misconfigured, which should show as unhealthy rather than pass by accident.
"""

import http.client
import os
import sys


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


def main():
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
