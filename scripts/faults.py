#!/usr/bin/env python
"""Fault drill: `make faults` (or .venv/bin/python scripts/faults.py).

Runs the production set-up (prod settings, collected static files, gunicorn with gunicorn.conf.py) against a
PRIVATE PostgreSQL cluster and a PRIVATE redis-server (scripts/stack.py: never the machine's shared servers),
keeps it under steady load from a few client threads, and meanwhile:

1. stops Redis for --redis-down seconds, then starts it again;
2. restarts PostgreSQL (pg_ctl restart -m fast).

It prints a per-second timeline (requests answered, errors, /readyz state) and a verdict per fault: with Redis
down every page must still be served (no errors) and the cache errors logged once, not per request; after
the PostgreSQL restart, errors may only occur during the restart itself, and the same gunicorn workers (no
restart) must serve again.
"""

import argparse
import collections
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stack  # noqa: E402

PATHS = [
    "/",
    "/about/",
    "/send-units/",
    "/send-units/?town=Burnley",
    "/send-units/barden-primary-school/",
    "/news/",
    "/news/send-plan-2021-2025-approved/",
    "/you-said-we-did/",
    "/have-your-say/",
]
# Any other cookie makes the page cache render the page: half the clients do, so the database is really used.
UNCACHED = {"Cookie": "faultdrill=uncached"}


class Recorder:
    """Every request's (time, outcome) and every /readyz answer, from all threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []  # (t, ok, detail)
        self.readyz = []  # (t, status, {dependency: state})
        self.events = []  # (t, text)
        self.start = time.monotonic()

    def now(self):
        return time.monotonic() - self.start

    def request(self, ok, detail):
        with self.lock:
            self.requests.append((self.now(), ok, detail))

    def event(self, text):
        t = self.now()
        with self.lock:
            self.events.append((t, text))
        stack.log(f"t={t:5.1f}s  {text}")


def client(port, recorder, stop, index):
    headers = UNCACHED if index % 2 else {}
    i = index
    while not stop.is_set():
        path = PATHS[i % len(PATHS)]
        i += 1
        try:
            status, _, _ = stack.get(port, path, headers, timeout=10)
            recorder.request(status == 200, f"{status} {path}")
        except OSError as exc:
            recorder.request(False, f"{exc.__class__.__name__} {path}")
            time.sleep(0.05)


def poll_readyz(port, recorder, stop):
    while not stop.is_set():
        try:
            status, _, body = stack.get(port, "/readyz", timeout=5)
            checks = json.loads(body)["checks"]
            state = {name: check["status"] for name, check in checks.items()}
            recorder.readyz.append((recorder.now(), f"{status} {json.loads(body)['status']}", state))
        except (OSError, ValueError) as exc:
            recorder.readyz.append((recorder.now(), exc.__class__.__name__, {}))
        time.sleep(0.25)


def window(recorder, start, end):
    """Requests and failures between two moments, and the span of the failures."""
    inside = [r for r in recorder.requests if start <= r[0] < end]
    failed = [r for r in inside if not r[1]]
    span = (failed[-1][0] - failed[0][0]) if failed else 0.0
    return inside, failed, span


def print_timeline(recorder):
    print("\nTimeline (per second): requests ok / failed, /readyz (database, cache), events")
    buckets = collections.defaultdict(lambda: [0, 0])
    for t, ok, _ in recorder.requests:
        buckets[int(t)][0 if ok else 1] += 1
    ready = {}
    for t, status, state in recorder.readyz:
        ready[int(t)] = f"{status:14} db={state.get('database', '-'):5} cache={state.get('cache', '-')}"
    events = collections.defaultdict(list)
    for t, text in recorder.events:
        events[int(t)].append(text)
    last = max((t for t, _, _ in recorder.requests), default=0)
    for second in range(0, int(last) + 1):
        ok, failed = buckets.get(second, [0, 0])
        marker = "  <- " + "; ".join(events[second]) if events[second] else ""
        print(f"  {second:4d}s  {ok:5d} ok {failed:4d} failed   {ready.get(second, '')}{marker}")


def redis_drill(redis, recorder, args):
    recorder.event("stopping Redis")
    down_at = recorder.now()
    redis.stop()
    time.sleep(args.redis_down)
    recorder.event("starting Redis again")
    redis.start()
    up_at = recorder.now()
    time.sleep(args.settle)
    return down_at, up_at


def postgres_drill(postgres, recorder, args):
    recorder.event("restarting PostgreSQL (pg_ctl restart -m fast)")
    begin = recorder.now()
    postgres.restart()
    end = recorder.now()
    recorder.event(f"PostgreSQL accepting connections again (restart took {end - begin:.1f} s)")
    time.sleep(args.settle)
    return begin, end


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="client threads keeping the site busy")
    parser.add_argument("--redis-down", type=float, default=8.0, help="seconds Redis stays stopped")
    parser.add_argument("--settle", type=float, default=6.0, help="seconds of load after each fault")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs)")
    args = parser.parse_args()

    directory = tempfile.mkdtemp(prefix="localoffer-faults-")
    postgres, redis, server = stack.PrivatePostgres(directory), stack.PrivateRedis(directory), None
    stop = threading.Event()
    threads = []
    try:
        stack.log(f"private PostgreSQL on port {postgres.port}, Redis on port {redis.port}, files in {directory}")
        postgres.start_fresh()
        redis.start()
        # No max_requests recycling during the drill: the worker ids before and after then show that the
        # workers recovered by themselves rather than being replaced.
        env = stack.prod_env(
            directory, postgres.url, redis.url, GUNICORN_ACCESSLOG=f"{directory}/access.log", GUNICORN_MAX_REQUESTS=0
        )
        stack.prepare_site(env, units=500, articles=500)
        server = stack.Gunicorn(directory, env)
        server.start()
        workers_before = server.worker_pids()
        stack.log(f"gunicorn on port {server.port}, workers {workers_before}")

        recorder = Recorder()
        threads = [threading.Thread(target=client, args=(server.port, recorder, stop, i)) for i in range(args.clients)]
        threads.append(threading.Thread(target=poll_readyz, args=(server.port, recorder, stop)))
        for thread in threads:
            thread.start()
        time.sleep(args.settle)
        redis_down, redis_up = redis_drill(redis, recorder, args)
        pg_begin, pg_end = postgres_drill(postgres, recorder, args)
        stop.set()
        for thread in threads:
            thread.join()
        workers_after = server.worker_pids()
        server.stop()

        print_timeline(recorder)
        ok = report(recorder, server, (redis_down, redis_up), (pg_begin, pg_end), workers_before, workers_after)
        return 0 if ok else 1
    finally:
        stop.set()
        stack.tear_down(directory, args.keep, server, redis, postgres)


def report(recorder, server, redis_times, pg_times, workers_before, workers_after):
    errors_log = server.stderr_path.read_text()
    cache_log_lines = errors_log.count("Exception ignored")
    redis_requests, redis_failed, _ = window(recorder, *redis_times)
    readyz_redis = {status for t, status, _ in recorder.readyz if redis_times[0] + 0.5 < t < redis_times[1]}
    pg_requests, pg_failed, pg_span = window(recorder, pg_times[0], recorder.now())
    late = [r for r in pg_failed if r[0] > pg_times[1] + 1.0]  # one second of grace for in-flight requests
    after = [r for r in recorder.requests if r[0] > pg_times[1] + 1.0]

    print("\nRedis stopped")
    print(f"  {len(redis_requests)} requests while down, {len(redis_failed)} failed")
    print(f"  /readyz while down: {sorted(readyz_redis)}")
    print(f"  cache errors logged by the web workers: {cache_log_lines} line(s) for {len(redis_requests)} requests")
    print("\nPostgreSQL restarted")
    print(f"  restart took {pg_times[1] - pg_times[0]:.1f} s; {len(pg_failed)} requests failed, over {pg_span:.1f} s")
    for t, _, detail in pg_failed[:5]:
        print(f"    t={t:.1f}s {detail}")
    print(f"  failures later than 1 s after the restart: {len(late)}; requests served after it: {len(after)}")
    print(f"  gunicorn workers before {workers_before}, after {workers_after}")

    verdicts = [
        ("every page served with Redis down", not redis_failed and bool(redis_requests)),
        ("/readyz degraded (200), not failing, with Redis down", readyz_redis == {"200 degraded"}),
        ("cache errors logged once per worker, not per request", 0 < cache_log_lines <= len(workers_before)),
        (
            "requests failed no longer than the PostgreSQL restart",
            not late and pg_span <= pg_times[1] - pg_times[0] + 1,
        ),
        ("site serving again after the restart", bool(after) and all(r[1] for r in after[-50:])),
        ("the same workers recovered (none restarted)", workers_before == workers_after),
    ]
    print("\nVerdict")
    for text, passed in verdicts:
        print(f"  {'PASS' if passed else 'FAIL'}  {text}")
    return all(passed for _, passed in verdicts)


if __name__ == "__main__":
    sys.exit(main())
