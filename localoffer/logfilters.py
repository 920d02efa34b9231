"""Logging filters."""

import logging
import time


class OncePerOutage(logging.Filter):
    """Let the first error of an outage through, then at most one reminder every `interval` seconds.

    The cache backend swallows its connection errors (the site keeps serving pages without Redis) and logs
    each one: several per request. During an outage that would flood the log with identical lines; the first
    line and a periodic reminder with a count are what an operator needs (/readyz shows the current state).
    """

    def __init__(self, interval=300):
        super().__init__()
        self.interval = interval
        self.last_logged = None
        self.suppressed = 0

    def filter(self, record):
        now = time.monotonic()
        if self.last_logged is not None and now - self.last_logged < self.interval:
            self.suppressed += 1
            return False
        if self.suppressed:
            record.msg = f"{record.msg} ({self.suppressed} similar errors suppressed)"
        self.last_logged, self.suppressed = now, 0
        return True
