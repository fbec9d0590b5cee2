"""Send the reminder e-mail the day before a session (run it from cron, e.g. hourly).

Idempotent: a registration is reminded once, however often or in parallel this runs.
It also gives free seats to waiting lists where a school contingent ran out or the
seats were raised in the CMS.
"""

from django.core.management.base import BaseCommand

from courses.booking import send_due_reminders
from courses.booking_trainer import release_waiting_lists


class Command(BaseCommand):
    help = (
        "Remind confirmed participants of sessions that start by the end of tomorrow."
    )

    def handle(self, *args, **options) -> None:
        promoted = release_waiting_lists()
        sent = send_due_reminders()
        self.stdout.write(f"{promoted} moved up from waiting lists.")
        self.stdout.write(f"{sent} reminder(s) queued.")
