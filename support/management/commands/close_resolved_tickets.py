"""Close tickets resolved more than 14 days ago. Run daily from cron, e.g.
`15 2 * * * python manage.py close_resolved_tickets`."""

from django.core.management.base import BaseCommand

from support.tickets import REOPEN_DAYS, close_resolved_tickets


class Command(BaseCommand):
    help = f"Close every ticket resolved more than {REOPEN_DAYS} days ago."

    def handle(self, *args, **options):
        closed = close_resolved_tickets()
        if options["verbosity"] > 0:
            self.stdout.write(f"{closed} resolved tickets closed.")
