"""The mail part of the fault drill (scripts/faults.py --drills mail).

While pages are read and forms are posted, the mail server (on a loopback port of its own) first stalls —
it accepts connections and never answers, like a hung SMTP relay — and then goes down (connections refused).
Meanwhile the background worker is killed with SIGKILL in the middle of a try and a new one started. Then the
mail server comes back. The verdict: no page failed or slowed down, /readyz reported the queue backing up and
draining, and every email the posted forms queued arrived exactly once.

Each posted form carries a unique marker (``drill00042z``) that its email contains, so emails are matched to
posts. To drill another form that sends email (alerts subscriptions, say), add one ``FormPost`` to ``FORMS``.
"""

import collections
import http.client
import json
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import stack

sys.path.insert(0, str(stack.ROOT))
from tests.mailserver import BlackHole, MailServer  # noqa: E402

STAFF = "drill-staff@example.org"


@dataclass(frozen=True)
class FormPost:
    """A public form that queues an email: its path, its fields for a post carrying ``marker`` (which its email
    then contains), and the status that means the site took the post."""

    path: str
    fields: object  # callable(marker) -> dict
    accepted: int = 302
    accepted_text: str = ""  # for a form answered 200 either way: text only its success page has


FORMS = [
    FormPost(
        "/have-your-say/",
        lambda marker: {
            "about": "local-offer",
            "comment": f"Fault drill comment {marker}: see https://example.org/page",
            "role": "parent",
            "publish_consent": "yes",
            "website": "",
        },
    ),
    # Email alerts: the confirmation email goes to the new address (answered 200 "check your email").
    FormPost(
        "/alerts/",
        lambda marker: {"email": f"{marker}@example.org", "news": "all", "news_frequency": "immediate"},
        accepted=200,
        accepted_text="Check your email",
    ),
]

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def env_overrides(mail_port):
    """What the web and worker processes need for the drill: SMTP on loopback, quick retries."""
    return {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": mail_port,
        "EMAIL_USE_TLS": "false",
        "EMAIL_HOST_USER": "",
        "EMAIL_TIMEOUT": 5,  # a page that waited on the mail server would stand out
        "EMAIL_RETRY_BASE_SECONDS": 1,
        "EMAIL_RETRY_MAX_SECONDS": 3,
        "JOBS_WORKER_TIMEOUT": 6,
        "FEEDBACK_NOTIFY_EMAILS": STAFF,
        "FEEDBACK_RATE_LIMIT": "100000/m",  # every drill post comes from 127.0.0.1
        "ALERTS_RATE_LIMIT": "100000/m",
        "DEFAULT_FROM_EMAIL": "noreply@localoffer.example.org",
    }


class Worker:
    """A `manage.py run_worker` process."""

    def __init__(self, directory, env, name):
        self.log_path = Path(directory) / f"{name}.log"
        self.env = env
        self.process = None

    def start(self):
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [stack.PYTHON, "manage.py", "run_worker", "--interval", "0.5"],
                cwd=stack.ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def post_form(port, form, marker):
    """GET the form (for its CSRF cookie and token), then POST it. Returns (whether the site took the post, its
    status, seconds the POST took)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", form.path)
        response = connection.getresponse()
        page = response.read()
        cookie = next(
            (c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [] if c.startswith("csrftoken=")), ""
        )
        token = CSRF_INPUT.search(page)
        if response.status != 200 or not token or not cookie:
            return False, response.status, 0.0
        body = urlencode({**form.fields(marker), "csrfmiddlewaretoken": token.group(1).decode()})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Referer": form.path}
        started = time.monotonic()
        connection.request("POST", form.path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read().decode(errors="replace")
        ok = response.status == form.accepted and form.accepted_text in answer
        return ok, response.status, time.monotonic() - started
    finally:
        connection.close()


def poster(port, recorder, stop, index, accepted):
    """Posts the forms in turn, every ~0.4 s, remembering the marker of each post the site accepted (302)."""
    n = index
    while not stop.is_set():
        form = FORMS[n // 100 % len(FORMS)]  # each poster takes the forms in turn
        marker = f"drill{n:05d}z"
        n += 100  # posters never share a marker
        try:
            ok, status, seconds = post_form(port, form, marker)
            recorder.post(ok, seconds, f"{status} POST {form.path}")
            if ok:
                with recorder.lock:
                    accepted.append((marker, form.path))
        except OSError as exc:
            recorder.post(False, 0.0, f"{exc.__class__.__name__} POST {form.path}")
        stop.wait(0.4)


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


class MailDrill:
    def __init__(self, directory):
        self.directory = directory
        self.port = stack.free_port()
        self.server = MailServer(self.port)
        self.hole = BlackHole(self.port)
        self.workers = []
        self.accepted = []
        self.phases = {}  # name -> (start, end)
        self.lost_jobs = None
        self.posting = threading.Event()  # set: the posters stop

    def start(self, env, web_port):
        self.server.up()
        self.env = env
        self.workers.append(Worker(self.directory, env, "worker-1"))
        self.workers[-1].start()
        stack.wait_for(lambda: self.live_workers(web_port) >= 1, 120, "the background worker")

    @staticmethod
    def live_workers(web_port):
        try:
            status, _, body = stack.get(web_port, "/readyz", timeout=5)
            return json.loads(body)["checks"]["queue"].get("workers", 0)
        except (OSError, ValueError, KeyError):
            return 0

    def stop(self):
        self.posting.set()
        for worker in self.workers:
            worker.stop()
        self.server.down()
        self.hole.down()

    def threads(self, port, recorder):
        return [
            threading.Thread(target=poster, args=(port, recorder, self.posting, i, self.accepted)) for i in range(2)
        ]

    def run(self, recorder, args):
        """warm-up -> baseline -> stall (worker killed mid-try) -> down -> back; returns when every email is
        delivered (or after --mail-drain seconds)."""
        time.sleep(2 * args.settle)  # the first requests of each gunicorn worker are slow: not the baseline
        recorder.event("baseline: mail server answering")
        begin = recorder.now()
        time.sleep(args.settle)
        self.phases["baseline"] = (begin, recorder.now())

        recorder.event("mail server STALLS (accepts, never answers)")
        self.server.down()
        self.hole.up()
        begin = recorder.now()
        self.wait_for_a_try(recorder, begin, timeout=args.mail_stall / 2)
        recorder.event("worker killed (SIGKILL) during its try; a new worker starting")
        self.workers[-1].kill()
        self.workers.append(Worker(self.directory, self.env, "worker-2"))
        self.workers[-1].start()
        time.sleep(max(0.0, begin + args.mail_stall - recorder.now()))
        self.phases["stall"] = (begin, recorder.now())

        recorder.event("mail server DOWN (connection refused)")
        self.hole.down()
        begin = recorder.now()
        time.sleep(args.mail_down)
        self.phases["down"] = (begin, recorder.now())

        recorder.event("mail server BACK")
        self.server.up()
        begin = recorder.now()
        deadline = time.monotonic() + args.mail_drain
        time.sleep(3)
        recorder.event("forms no longer posted; waiting for the queue to drain")
        self.posting.set()
        while time.monotonic() < deadline and not self.drained(recorder, begin):
            time.sleep(0.5)
        self.phases["back"] = (begin, recorder.now())
        recorder.event("queue drained" if self.drained(recorder, begin) else "queue NOT drained in time")

    def wait_for_a_try(self, recorder, since, timeout):
        """Until /readyz shows a job running (the worker waiting on the stalled server), at most ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(q.get("running") for t, _, q in recorder.queue if t > since and q):
                return
            time.sleep(0.1)

    def drained(self, recorder, since):
        """/readyz says no job is pending or running (read after ``since``), and every accepted post has mail."""
        states = [q for t, _, q in recorder.queue if t > since and q]
        if not states or states[-1].get("pending") or states[-1].get("running"):
            return False
        return self.expected() <= self.delivered_markers()

    def expected(self):
        return {marker for marker, _ in self.accepted}

    def delivered(self):
        found = collections.Counter()
        for message in self.server.messages:
            for marker in re.findall(r"drill\d{5}z", message.as_string()):
                found[marker] += 1
        return found

    def delivered_markers(self):
        return set(self.delivered())

    def count_lost_jobs(self, database_url):
        """Tries that a dead worker left behind and another worker picked up (JobEvent "lost")."""
        import psycopg

        with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as connection:
            row = connection.execute("SELECT count(*) FROM jobs_jobevent WHERE kind = 'lost'").fetchone()
        self.lost_jobs = row[0]

    def report(self, recorder):
        """Print the figures; return the verdict lines [(text, passed)]."""
        print("\nMail server stalled, then down, then back (forms posted throughout)")
        normal = self.latencies(recorder, *self.phases["baseline"])
        rows = []
        for name in ("baseline", "stall", "down", "back"):
            start, end = self.phases[name]
            gets, posts, failed = self.latencies(recorder, start, end)
            queue = [q for t, _, q in recorder.queue if start <= t < end and q]
            most = max((q.get("pending", 0) for q in queue), default=0)
            oldest = max((q.get("oldest_pending_seconds", 0) for q in queue), default=0)
            rows.append((name, gets, posts, failed))
            print(
                f"  {name:9} {end - start:5.1f} s  pages p50/p95/max {ms(gets, 0.5)}/{ms(gets, 0.95)}/{ms(gets, 1)} ms"
                f"  posts p95/max {ms(posts, 0.95)}/{ms(posts, 1)} ms  failed {len(failed)}"
                f"  queue: up to {most} pending, oldest {oldest:.0f} s"
            )
        expected, delivered = self.expected(), self.delivered()
        missing = expected - set(delivered)
        duplicated = {marker: n for marker, n in delivered.items() if n > 1}
        unexpected = set(delivered) - expected
        per_form = collections.Counter(path for _, path in self.accepted)
        print(f"  forms accepted: {len(expected)} ({dict(per_form)}); emails received: {sum(delivered.values())}")
        print(f"  missing: {sorted(missing)[:10]}; duplicated: {duplicated}; unexpected: {sorted(unexpected)[:10]}")
        print(f"  tries left by the killed worker and run again by the new one: {self.lost_jobs}")

        # Normal latency: with the mail server answering, before the faults and after the queue drained.
        back = self.latencies(recorder, *self.phases["back"])
        base_p95 = percentile(normal[0] + normal[1] + back[0] + back[1], 0.95)
        limit = max(2 * base_p95, base_p95 + 0.25)
        fault_rows = [row for row in rows if row[0] in ("stall", "down")]
        during = [
            (status, q) for t, status, q in recorder.queue if self.phases["stall"][0] < t < self.phases["back"][1]
        ]
        backed_up = any(q.get("pending", 0) > 0 for _, q in during if q)
        answered = bool(during) and all(status.startswith("200") for status, _ in during)
        print(f"  latency limit while mail fails: {limit * 1000:.0f} ms (2 x p95 with mail working, +250 ms at least)")
        return [
            ("no page or form failed while the mail server stalled or was down", not any(r[3] for r in rows)),
            (
                "pages and posts within normal latency while mail fails (p95)",
                all(percentile(r[1] + r[2], 0.95) <= limit for r in fault_rows),
            ),
            (
                "no form post waited for the mail server (each under EMAIL_TIMEOUT, 5 s)",
                all(max(r[2], default=0) < 5.0 for r in fault_rows),
            ),
            ("/readyz answered 200 and reported the queue backing up", answered and backed_up),
            ("a job of the killed worker was run again by the new one", bool(self.lost_jobs)),
            ("every queued email delivered once the server was back", bool(expected) and not missing),
            ("no email delivered twice, none unexpected", not duplicated and not unexpected),
        ]

    def latencies(self, recorder, start, end):
        gets = [s for t, ok, s, _ in recorder.timed if start <= t < end and ok]
        posts = [s for t, ok, s, _ in recorder.posts if start <= t < end and ok]
        failed = [r for r in recorder.requests if start <= r[0] < end and not r[1]]
        failed += [r for r in recorder.posts if start <= r[0] < end and not r[1]]
        return gets, posts, failed


def ms(values, fraction):
    if not values:
        return "-"
    return f"{(max(values) if fraction == 1 else percentile(values, fraction)) * 1000:.0f}"
