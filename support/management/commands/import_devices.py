"""`manage.py import_devices FILE`: the supplier's device list into the inventory."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.accounts.models import User
from support.importer import ImportResult, import_devices


class ProgressBar:
    """A one-line bar on a terminal; silent when output goes to a file or pipe."""

    def __init__(self, stream, width: int = 40) -> None:
        self.stream, self.width = stream, width

    def __call__(self, done: int, total: int) -> None:
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r[{bar}] {done:>6}/{total}", ending=end)
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import devices from a CSV file (UTF-8 or Excel CSV, comma or semicolon, "
        "German or English headers). Every row is checked first; nothing is "
        "written if any row is invalid, unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file to import.")
        parser.add_argument(
            "--allow-move",
            action="store_true",
            help="Allow devices to move to another school.",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and write the rejected ones with their "
            "reasons to FILE.rejects.csv next to the input.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file, write nothing."
        )
        parser.add_argument(
            "--user",
            metavar="EMAIL",
            help="Record the changes in the history as made by this user.",
        )

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s.")
                % {"file": file, "error": exc.strerror}
            ) from exc
        by = None
        if options["user"]:
            by = User.objects.filter(email__iexact=options["user"]).first()
            if by is None:
                raise CommandError(
                    _("No user with the e-mail address %(email)s.")
                    % {"email": options["user"]}
                )
        on_tty = self.stdout.isatty()
        result = import_devices(
            data,
            by=by,
            allow_move=options["allow_move"],
            skip_invalid=options["skip_invalid"],
            dry_run=options["dry_run"],
            progress=ProgressBar(self.stdout) if on_tty else None,
        )
        if result.file_error:
            raise CommandError(result.file_error)
        for error in result.errors:
            self.stderr.write(
                _("Line %(line)s: %(message)s")
                % {"line": error.line, "message": error.message}
            )
        if result.errors and options["skip_invalid"]:
            rejects = self.write_rejects(file, result)
            self.stderr.write(
                _("Rejected rows written to %(path)s") % {"path": rejects}
            )
        self.stdout.write(result.summary())
        if result.errors and not options["skip_invalid"]:
            raise CommandError(
                _(
                    "%(count)s invalid row(s), nothing was written: fix them and "
                    "import again, or use --skip-invalid to import the valid rows only."
                )
                % {"count": result.rejected}
            )

    @staticmethod
    def write_rejects(file: Path, result: ImportResult) -> Path:
        target = file.with_name(f"{file.stem}.rejects.csv")
        target.write_text(result.rejects_csv(), encoding="utf-8-sig")
        return target
