"""Send the reminder e-mail the day before a session (run it from cron, e.g. hourly).

Idempotent: a registration is reminded once, however often or in parallel this runs.
"""

from django.core.management.base import BaseCommand

from courses.booking import send_due_reminders


class Command(BaseCommand):
    help = (
        "Remind confirmed participants of sessions that start by the end of tomorrow."
    )

    def handle(self, *args, **options) -> None:
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) queued.")
