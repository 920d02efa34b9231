"""``manage.py run_scheduler``: enqueues the periodic jobs of settings.PERIODIC_JOBS when due (jobs/scheduler.py).
Run exactly one in production (a second one is harmless: the database decides, but it is wasted)."""

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import OperationalError

from jobs.scheduler import enqueue_due
from jobs.worker import refresh_connection

logger = logging.getLogger("jobs.scheduler")


class Command(BaseCommand):
    help = "Enqueue periodic jobs when they are due, until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=10.0, help="seconds between checks")
        parser.add_argument("--once", action="store_true", help="check once, then exit")

    def handle(self, *args, interval, once, **options):
        stop = threading.Event()
        for name in ("SIGINT", "SIGTERM"):
            signal.signal(getattr(signal, name), lambda signum, frame: stop.set())
        logger.info("Scheduler starting: checks every %s s", interval)
        while not stop.is_set():
            refresh_connection()
            try:
                for path in enqueue_due():
                    self.stdout.write(f"Enqueued {path}")
            except OperationalError:
                logger.warning("Database unavailable; trying again in %s s", interval, exc_info=True)
            if once:
                return
            stop.wait(interval)
