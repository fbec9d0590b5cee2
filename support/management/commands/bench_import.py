"""`manage.py bench_import`: time the device import against django-import-export.

Generates a file of N rows (default 25,000) for temporary schools and batches,
imports it with `support.importer` (fresh, then again unchanged), then the same
rows through django-import-export, on the database of DATABASE_URL. Everything
happens in one transaction that is rolled back, so the database is left as it was.
django-import-export is needed only here: `pip install django-import-export`.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from portal.schools.models import School
from support.importer import import_devices
from support.models import DeliveryBatch, Device

HEADER = "Seriennummer;Modell;Schulnummer;Zweck;Lieferung;Geliefert am;Speicher"
PURPOSES = ["Schülerleihgerät"] * 7 + ["Lehrergerät"] * 2 + ["Klassensatz"]


class Rollback(Exception):
    pass


class QueryCounter:
    """Counts queries without keeping them (django-import-export runs ~100,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def make_rows(n: int, schools: list[str], batches: list[int]) -> list[list[str]]:
    rng = random.Random(2020)  # noqa: S311 - benchmark data, not security
    start = date(2020, 11, 2)
    rows = []
    for i in range(n):
        batch = batches[i * len(batches) // n]
        rows.append(
            [
                f"BZ{i:08d}XQ",
                "iPad (8. Generation)",
                rng.choice(schools),
                rng.choice(PURPOSES),
                str(batch),
                (start + timedelta(days=7 * (batch - 9000))).strftime("%d.%m.%Y"),
                "32 GB",
            ]
        )
    return rows


class Command(BaseCommand):
    help = "Benchmark the device import (and django-import-export) on this database."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=25_000)
        parser.add_argument(
            "--skip-import-export",
            action="store_true",
            help="Only time our importer.",
        )
        parser.add_argument(
            "--import-export-rows",
            type=int,
            default=None,
            help="Give django-import-export only the first N rows and extrapolate "
            "its time linearly (it saves row by row, which takes minutes).",
        )

    def handle(self, *args, rows: int, skip_import_export: bool, **options):
        self.stdout.write(f"Database: {connection.vendor}, {rows:,} rows")
        self.iie_rows = options["import_export_rows"] or rows
        try:
            with transaction.atomic():
                self.run(rows, skip_import_export)
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: the database is unchanged.")

    def run(self, n: int, skip_import_export: bool) -> None:
        schools = [
            School(
                school_number=f"9{i:05d}",
                name=f"Benchmark {i}",
                school_type="grundschule",
                district="Bench",
            )
            for i in range(150)
        ]
        School.objects.bulk_create(schools)
        DeliveryBatch.objects.bulk_create(
            DeliveryBatch(number=9000 + i, planned_date=date(2020, 11, 2))
            for i in range(12)
        )
        table = make_rows(
            n, [s.school_number for s in schools], list(range(9000, 9012))
        )
        data = "\n".join([HEADER, *(";".join(r) for r in table)]).encode("utf-8-sig")

        ours = self.time_ours(data, "first import")
        self.time_ours(data, "re-import of the same file")
        if skip_import_export:
            return
        Device.objects.filter(serial__startswith="BZ").delete()
        theirs = self.time_import_export(table[: self.iie_rows])
        if theirs is not None:
            if self.iie_rows < n:
                theirs *= n / self.iie_rows
                self.stdout.write(
                    f"django-import-export extrapolated to {n:,} rows: {theirs:.1f} s"
                )
            self.stdout.write(
                f"Ratio: django-import-export took {theirs / ours:.1f}x as long "
                f"as support.importer for the same {n:,} rows."
            )

    def time_ours(self, data: bytes, label: str) -> float:
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            began = time.perf_counter()
            result = import_devices(data)
            seconds = time.perf_counter() - began
        self.stdout.write(
            f"support.importer, {label}: {seconds:.2f} s, "
            f"{counter.count} queries; {result.summary()}"
        )
        return seconds

    def time_import_export(self, table: list[list[str]]) -> float | None:
        try:
            import tablib
            from import_export import fields, resources, widgets
        except ImportError:
            self.stdout.write(
                "django-import-export is not installed; for the comparison run "
                "`.venv/bin/pip install django-import-export` (benchmark only, not "
                "a requirement of the portal)."
            )
            return None

        class DeviceResource(resources.ModelResource):
            school = fields.Field(
                "school",
                "school",
                widgets.ForeignKeyWidget(School, "school_number"),
            )
            batch = fields.Field(
                "batch", "batch", widgets.ForeignKeyWidget(DeliveryBatch, "number")
            )
            delivered_on = fields.Field(
                "delivered_on", "delivered_on", widgets.DateWidget("%d.%m.%Y")
            )

            class Meta:
                model = Device
                import_id_fields = ("serial",)
                fields = (
                    "serial",
                    "model",
                    "school",
                    "purpose",
                    "batch",
                    "delivered_on",
                )

        purposes = {
            "Schülerleihgerät": Device.Purpose.PUPIL_LOAN,
            "Lehrergerät": Device.Purpose.TEACHER_DEVICE,
            "Klassensatz": Device.Purpose.CLASS_SET,
        }
        dataset = tablib.Dataset(
            *[(r[0], r[1], r[2], purposes[r[3]], int(r[4]), r[5]) for r in table],
            headers=["serial", "model", "school", "purpose", "batch", "delivered_on"],
        )
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            began = time.perf_counter()
            result = DeviceResource().import_data(dataset, raise_errors=True)
            seconds = time.perf_counter() - began
        self.stdout.write(
            f"django-import-export (ModelResource defaults): {seconds:.2f} s, "
            f"{counter.count} queries; "
            f"{result.totals.get('new', 0)} new"
        )
        return seconds
