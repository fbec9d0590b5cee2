"""Fail when a translatable string of the code is missing from locale/de.

Runs `makemessages` (needs GNU gettext's xgettext), compares the message ids with the
committed catalogue and restores the committed files, so the working tree is unchanged.
"""

import ast
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

IGNORE = [".venv/*", "tests/*", "node_modules/*", "staticfiles/*", "bench-output/*"]


def message_ids(path: Path) -> set[str]:
    """The msgids of a .po file, wrapped lines joined (tools wrap differently)."""
    ids, current = set(), None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("msgid "):
            current = ast.literal_eval(line[6:])
        elif line.startswith('"') and current is not None:
            current += ast.literal_eval(line)
        else:
            if current:
                ids.add(current)
            current = None
    return ids


class Command(BaseCommand):
    help = "Check that locale/de holds every translatable string of the code."

    def handle(self, *args, **options):
        locale = Path(settings.BASE_DIR) / "locale"
        with tempfile.TemporaryDirectory() as backup:
            for language in ("de", "en"):
                shutil.copytree(locale / language, Path(backup) / language)
            committed = message_ids(locale / "de/LC_MESSAGES/django.po")
            try:
                call_command(
                    "makemessages",
                    locale=["de"],
                    ignore_patterns=IGNORE,
                    no_obsolete=True,
                    verbosity=0,
                )
                current = message_ids(locale / "de/LC_MESSAGES/django.po")
            finally:
                for language in ("de", "en"):
                    shutil.rmtree(locale / language)
                    shutil.copytree(Path(backup) / language, locale / language)
        missing = sorted(current - committed)
        if missing:
            raise CommandError(
                f"{len(missing)} strings are missing from locale/de; run "
                "`make messages` and translate them:\n  " + "\n  ".join(missing[:50])
            )
        self.stdout.write(f"locale/de has all {len(current)} strings of the code.")
