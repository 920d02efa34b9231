from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alerts import cleanup as alerts_cleanup
from feedback.models import Submission


class Command(BaseCommand):
    help = (
        "Delete the names and email addresses given with closed comments (responded, published or not for "
        "publication) received more than FEEDBACK_RETENTION_DAYS days ago, and email alert subscribers that never "
        "confirmed within ALERTS_CONFIRM_DAYS days. Run it daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        due = Submission.objects.personal_data_due_for_removal(now)
        if dry_run:
            self.stdout.write(f"{due.count()} comments would have their name and email deleted")
            self.stdout.write(alerts_cleanup.report(now, dry_run=True))
            return
        with transaction.atomic():
            count = due.update(name="", email="", personal_data_removed_at=now)
        self.stdout.write(
            f"Deleted the name and email of {count} closed comments older than {settings.FEEDBACK_RETENTION_DAYS} days"
        )
        self.stdout.write(alerts_cleanup.report(now))
