#!/usr/bin/env python
"""Fault drill: `make faults` (or .venv/bin/python scripts/faults.py).

Runs the production set-up (prod settings, collected static files, gunicorn with gunicorn.conf.py) against a
PRIVATE PostgreSQL cluster and a PRIVATE redis-server (scripts/stack.py: never the machine's shared servers),
keeps it under steady load from a few client threads, and meanwhile:

1. (mail) posts forms that send email while the mail server stalls, then goes down, then comes back, and
   kills the background worker mid-try (scripts/maildrill.py);
2. (redis) stops Redis for --redis-down seconds, then starts it again;
3. (postgres) restarts PostgreSQL (pg_ctl restart -m fast).

It prints a per-second timeline (requests answered, errors, /readyz state) and a verdict per fault: while the
mail server fails no page fails or slows down, /readyz reports the queue, and every queued email arrives exactly
once when it is back; with Redis down every page must still be served (no errors) and the cache errors logged
once, not per request; after the PostgreSQL restart, errors may only occur during the restart itself, and the
same gunicorn workers (no restart) must serve again. `--drills mail` (or redis, postgres) runs only some.
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

import maildrill  # noqa: E402
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
        self.timed = []  # (t, ok, seconds, detail) of the page requests
        self.posts = []  # (t, ok, seconds, detail) of form posts (the mail drill)
        self.readyz = []  # (t, status, {dependency: state})
        self.queue = []  # (t, status, the queue's check from /readyz)
        self.events = []  # (t, text)
        self.start = time.monotonic()

    def now(self):
        return time.monotonic() - self.start

    def request(self, ok, detail, seconds=0.0):
        with self.lock:
            t = self.now()
            self.requests.append((t, ok, detail))
            self.timed.append((t, ok, seconds, detail))

    def post(self, ok, seconds, detail):
        with self.lock:
            self.posts.append((self.now(), ok, seconds, detail))

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
        started = time.monotonic()
        try:
            status, _, _ = stack.get(port, path, headers, timeout=10)
            recorder.request(status == 200, f"{status} {path}", time.monotonic() - started)
        except OSError as exc:
            recorder.request(False, f"{exc.__class__.__name__} {path}")
            time.sleep(0.05)


def poll_readyz(port, recorder, stop):
    while not stop.is_set():
        try:
            status, _, body = stack.get(port, "/readyz", timeout=5)
            checks = json.loads(body)["checks"]
            state = {name: check["status"] for name, check in checks.items()}
            t, summary = recorder.now(), f"{status} {json.loads(body)['status']}"
            recorder.readyz.append((t, summary, state))
            recorder.queue.append((t, summary, checks.get("queue", {})))
        except (OSError, ValueError) as exc:
            recorder.readyz.append((recorder.now(), exc.__class__.__name__, {}))
            recorder.queue.append((recorder.now(), exc.__class__.__name__, {}))
        time.sleep(0.25)


def window(recorder, start, end):
    """Requests and failures between two moments, and the span of the failures."""
    inside = [r for r in recorder.requests if start <= r[0] < end]
    failed = [r for r in inside if not r[1]]
    span = (failed[-1][0] - failed[0][0]) if failed else 0.0
    return inside, failed, span


def print_timeline(recorder):
    print("\nTimeline (per second): page requests ok / failed and slowest (ms), form posts ok / failed,")
    print("/readyz (database, cache, queue: pending/running/failed jobs, oldest pending in s), events")
    buckets = collections.defaultdict(lambda: [0, 0, 0.0])
    for t, ok, seconds, _ in recorder.timed:
        bucket = buckets[int(t)]
        bucket[0 if ok else 1] += 1
        bucket[2] = max(bucket[2], seconds)
    posts = collections.defaultdict(lambda: [0, 0])
    for t, ok, _, _ in recorder.posts:
        posts[int(t)][0 if ok else 1] += 1
    ready = {}
    for t, status, state in recorder.readyz:
        ready[int(t)] = f"{status:12} db={state.get('database', '-'):5} cache={state.get('cache', '-'):5}"
    queue = {}
    for t, _, state in recorder.queue:
        if "pending" in state:
            queue[int(t)] = (
                f" queue={state['status']:8} {state['pending']:3}/{state['running']}/{state['failed']}"
                f" {state['oldest_pending_seconds']:4.0f}s"
            )
    events = collections.defaultdict(list)
    for t, text in recorder.events:
        events[int(t)].append(text)
    last = max((t for t, _, _ in recorder.requests), default=0)
    for second in range(0, int(last) + 1):
        ok, failed, slowest = buckets.get(second, [0, 0, 0.0])
        posted = f"{posts[second][0]:3d}/{posts[second][1]}" if recorder.posts else ""
        marker = "  <- " + "; ".join(events[second]) if events[second] else ""
        print(
            f"  {second:4d}s {ok:5d} ok {failed:3d} failed {slowest * 1000:5.0f} ms {posted:>6}"
            f"   {ready.get(second, '')}{queue.get(second, '')}{marker}"
        )


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
    parser.add_argument("--mail-stall", type=float, default=20.0, help="seconds the mail server stalls")
    parser.add_argument("--mail-down", type=float, default=8.0, help="seconds the mail server is down")
    parser.add_argument("--mail-drain", type=float, default=60.0, help="longest wait for the queue to drain")
    parser.add_argument("--drills", default="mail,redis,postgres", help="which faults, comma-separated")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs)")
    args = parser.parse_args()
    drills = set(args.drills.split(","))
    unknown = drills - {"mail", "redis", "postgres"}
    if unknown:
        parser.error(f"unknown drills: {', '.join(sorted(unknown))}")

    directory = tempfile.mkdtemp(prefix="localoffer-faults-")
    postgres, redis, server = stack.PrivatePostgres(directory), stack.PrivateRedis(directory), None
    mail = maildrill.MailDrill(directory) if "mail" in drills else None
    stop = threading.Event()
    threads = []
    try:
        stack.log(f"private PostgreSQL on port {postgres.port}, Redis on port {redis.port}, files in {directory}")
        postgres.start_fresh()
        redis.start()
        # No max_requests recycling during the drill: the worker ids before and after then show that the
        # workers recovered by themselves rather than being replaced.
        env = stack.prod_env(
            directory, postgres.url, redis.url, GUNICORN_ACCESSLOG=f"{directory}/access.log", GUNICORN_MAX_REQUESTS=0,
            **(maildrill.env_overrides(mail.port) if mail else {}),
        )  # fmt: skip
        stack.prepare_site(env, units=500, articles=500)
        server = stack.Gunicorn(directory, env)
        server.start()
        workers_before = server.worker_pids()
        stack.log(f"gunicorn on port {server.port}, workers {workers_before}")
        if mail:
            mail.start(env, server.port)
            stack.log(f"mail server on port {mail.port}, background worker running")

        recorder = Recorder()
        threads = [threading.Thread(target=client, args=(server.port, recorder, stop, i)) for i in range(args.clients)]
        threads.append(threading.Thread(target=poll_readyz, args=(server.port, recorder, stop)))
        if mail:
            threads += mail.threads(server.port, recorder)
        for thread in threads:
            thread.start()
        times = {}
        if mail:
            mail.run(recorder, args)
        else:
            time.sleep(args.settle)
        if "redis" in drills:
            times["redis"] = redis_drill(redis, recorder, args)
        if "postgres" in drills:
            times["postgres"] = postgres_drill(postgres, recorder, args)
        stop.set()
        for thread in threads:
            thread.join()
        workers_after = server.worker_pids()
        server.stop()
        if mail:
            mail.count_lost_jobs(postgres.url)

        print_timeline(recorder)
        verdicts = mail.report(recorder) if mail else []
        verdicts += report(recorder, server, times, workers_before, workers_after)
        print("\nVerdict")
        for text, passed in verdicts:
            print(f"  {'PASS' if passed else 'FAIL'}  {text}")
        return 0 if all(passed for _, passed in verdicts) else 1
    finally:
        stop.set()
        if mail:
            mail.stop()
        stack.tear_down(directory, args.keep, server, redis, postgres)


def report(recorder, server, times, workers_before, workers_after):
    """The Redis and PostgreSQL figures; returns their verdict lines [(text, passed)]."""
    verdicts = []
    if "redis" in times:
        verdicts += report_redis(recorder, server, times["redis"], workers_before)
    if "postgres" in times:
        verdicts += report_postgres(recorder, times["postgres"], workers_before, workers_after)
    return verdicts


def report_redis(recorder, server, redis_times, workers_before):
    errors_log = server.stderr_path.read_text()
    cache_log_lines = errors_log.count("Exception ignored")
    redis_requests, redis_failed, _ = window(recorder, *redis_times)
    readyz_redis = {status for t, status, _ in recorder.readyz if redis_times[0] + 0.5 < t < redis_times[1]}
    print("\nRedis stopped")
    print(f"  {len(redis_requests)} requests while down, {len(redis_failed)} failed")
    print(f"  /readyz while down: {sorted(readyz_redis)}")
    print(f"  cache errors logged by the web workers: {cache_log_lines} line(s) for {len(redis_requests)} requests")
    return [
        ("every page served with Redis down", not redis_failed and bool(redis_requests)),
        ("/readyz degraded (200), not failing, with Redis down", readyz_redis == {"200 degraded"}),
        ("cache errors logged once per worker, not per request", 0 < cache_log_lines <= len(workers_before)),
    ]


def report_postgres(recorder, pg_times, workers_before, workers_after):
    pg_requests, pg_failed, pg_span = window(recorder, pg_times[0], recorder.now())
    late = [r for r in pg_failed if r[0] > pg_times[1] + 1.0]  # one second of grace for in-flight requests
    after = [r for r in recorder.requests if r[0] > pg_times[1] + 1.0]
    print("\nPostgreSQL restarted")
    print(f"  restart took {pg_times[1] - pg_times[0]:.1f} s; {len(pg_failed)} requests failed, over {pg_span:.1f} s")
    for t, _, detail in pg_failed[:5]:
        print(f"    t={t:.1f}s {detail}")
    print(f"  failures later than 1 s after the restart: {len(late)}; requests served after it: {len(after)}")
    print(f"  gunicorn workers before {workers_before}, after {workers_after}")
    return [
        (
            "requests failed no longer than the PostgreSQL restart",
            not late and pg_span <= pg_times[1] - pg_times[0] + 1,
        ),
        ("site serving again after the restart", bool(after) and all(r[1] for r in after[-50:])),
        ("the same workers recovered (none restarted)", workers_before == workers_after),
    ]


if __name__ == "__main__":
    sys.exit(main())
