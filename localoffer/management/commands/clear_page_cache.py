from django.core.management.base import BaseCommand

from localoffer.pagecache import bump_generation


class Command(BaseCommand):
    help = "Drop every page in the anonymous page cache (a new content generation). Run by docker/release.sh."

    def handle(self, *args, **options):
        # A release may change templates or styles: pages rendered by the previous release must go.
        bump_generation()
        self.stdout.write("page cache: new content generation")
