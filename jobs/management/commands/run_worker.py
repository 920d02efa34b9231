"""``manage.py run_worker``: the background worker (jobs/worker.py). Run one or more in production."""

from django.core.management.base import BaseCommand

from jobs.worker import Worker


class Command(BaseCommand):
    help = "Run queued jobs (email, periodic jobs) until stopped. SIGTERM finishes the job in hand first."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
        parser.add_argument("--batch", action="store_true", help="run every due job, then exit")
        parser.add_argument("--max-tasks", type=int, default=None, help="exit after this many jobs")
        parser.add_argument("--worker-id", default=None, help="unique id (default: host, pid and a random part)")
        parser.add_argument(
            "--scheduler", action="store_true", help="also enqueue periodic jobs (dev: one process for both)"
        )

    def handle(self, *args, interval, batch, max_tasks, worker_id, scheduler, **options):
        worker = Worker(worker_id=worker_id, interval=interval, batch=batch, max_tasks=max_tasks, scheduler=scheduler)
        worker.configure_signals()
        worker.run()
