import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from audit.context import system_actor


class Command(BaseCommand):
    help = (
        "Build the demo site from the seed content, published. Idempotent: what exists is left alone. "
        "Creates a superuser only when DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD are set."
    )

    def handle(self, *args, **options):
        with system_actor("manage.py seed_site"):  # the change log shows what the seed created or updated
            for dotted_path in settings.SEED_STEPS:
                with transaction.atomic():
                    import_string(dotted_path)(self.stdout)
            self.ensure_superuser_from_environment()
        self.stdout.write(self.style.SUCCESS("Site seeded."))

    def ensure_superuser_from_environment(self):
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not (username and password):
            return
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            return
        User.objects.create_superuser(username, os.environ.get("DJANGO_SUPERUSER_EMAIL", ""), password)
        self.stdout.write(f"Created superuser {username} from the environment")
        # Staff sign in with two factors (README "Signing in (two-factor)").
        self.stdout.write(
            "Sign in at /admin/: after the password, set up an authenticator app"
            + (" (skipped: TWO_FACTOR_DEV_BYPASS is on)" if settings.DEBUG and settings.TWO_FACTOR_DEV_BYPASS else "")
        )
