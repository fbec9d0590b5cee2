"""Load the demo data: every app's `demo.seed()`, in the order of INSTALLED_APPS."""

import importlib
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.demo import describe_logins
from portal.schools.models import School


class Command(BaseCommand):
    help = "Create the demo data (idempotent). Refuses with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never on a live system).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed when the database holds no schools yet.",
        )
        parser.add_argument(
            "--logins", action="store_true", help="Only print the demo logins."
        )

    def handle(self, *args, force=False, if_empty=False, logins=False, **options):
        if logins:
            self.stdout.write(describe_logins())
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a live system. Use --force "
                "only if you really want demo data here."
            )
        if if_empty and School.objects.exists():
            self.stdout.write("Database already has data: demo data not loaded.")
            self.stdout.write(describe_logins())
            return
        started = time.monotonic()
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            step = time.monotonic()
            self.stdout.write(f"Seeding {config.label} …")
            with transaction.atomic():
                module.seed(stdout=self.stdout)
            self.stdout.write(f"  done in {time.monotonic() - step:.1f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready in {time.monotonic() - started:.1f} s."
            )
        )
        self.stdout.write(describe_logins())
