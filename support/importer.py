"""The device import: validate every row, then write in batches, or write nothing.

Used by `manage.py import_devices` and the agents' upload form alike. The whole
file is checked first (serial format, duplicates inside the file, unknown school
or batch, bad dates, moves between schools, asset tags taken); with any error
nothing is written unless `skip_invalid` is set, in which case the valid rows
are imported and the rejected ones returned (and written next to the input by
the command) with their reasons.

Queries grow with the number of chunks of rows, not with the rows: lookups of
existing devices and asset tags take one query per chunk of `CHUNK` serials, and
writes use `bulk_create`/`bulk_update`. Every created or changed device gets an
audit entry, inserted in bulk.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.schools.models import School
from support.device_counts import devices_changed
from support.devices import log_bulk
from support.import_csv import (
    HEADER_LABELS,
    CellError,
    FileFormatError,
    ParsedFile,
    iter_cells,
    parse_batch,
    parse_date,
    parse_file,
    parse_purpose,
    parse_storage,
)
from support.models.inventory import (
    DeliveryBatch,
    Device,
    Loan,
    normalise_serial,
    validate_serial,
)

CHUNK = 1000
#: Fields the import may change on an existing device.
UPDATABLE = (
    "model",
    "storage_gb",
    "asset_tag",
    "school_id",
    "purpose",
    "batch_id",
    "delivered_on",
    "warranty_until",
    "status",
)

Progress = Callable[[int, int], None]


@dataclass
class RowError:
    line: int
    serial: str
    messages: list[str]
    cells: list[str]

    @property
    def message(self) -> str:
        return " ".join(self.messages)


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    written: bool = False
    header: list[str] = field(default_factory=list)
    delimiter: str = ";"

    @property
    def rejected(self) -> int:
        return len(self.errors)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    def summary(self) -> str:
        """One line for people: what was (or would have been) done."""
        if self.file_error:
            return self.file_error
        parts = [
            ngettext("%(n)s created", "%(n)s created", self.created),
            ngettext("%(n)s updated", "%(n)s updated", self.updated),
            ngettext("%(n)s unchanged", "%(n)s unchanged", self.unchanged),
            ngettext("%(n)s rejected", "%(n)s rejected", self.rejected),
        ]
        counts = (self.created, self.updated, self.unchanged, self.rejected)
        text = ", ".join(
            p % {"n": number_format(n, force_grouping=True)}
            for p, n in zip(parts, counts, strict=True)
        )
        if not self.written:
            text = _("Nothing was written (%(counts)s would have been).") % {
                "counts": text
            }
        return text

    def rejects_csv(self) -> str:
        """The rejected rows as they came, with a column saying why."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=self.delimiter)
        writer.writerow([*self.header, _("line"), _("error")])
        for error in self.errors:
            writer.writerow([*error.cells, error.line, error.message])
        return out.getvalue()


@dataclass
class _Row:
    line: int
    serial: str
    values: dict
    cells: list[str]
    messages: list[str] = field(default_factory=list)


def _read_row(line: int, raw: dict[str, str], cells: list[str], ctx: dict) -> _Row:
    serial = normalise_serial(raw.get("serial", ""))
    row = _Row(line, serial, {}, cells)

    def cell(parse, *args):
        try:
            return parse(*args)
        except CellError as exc:
            row.messages.append(str(exc))
            return None

    try:
        validate_serial(raw.get("serial", ""))
    except ValidationError as exc:
        row.messages.extend(exc.messages)
    if not raw.get("model"):
        row.messages.append(_("Model: empty. Enter the model, e.g. iPad 8th gen."))
    number = raw.get("school_number", "")
    school_id = ctx["schools"].get(number)
    if school_id is None:
        row.messages.append(
            _(
                "School number: “%(value)s” is not a known school. Check the six-"
                "digit school number or create the school first."
            )
            % {"value": number}
        )
    batch_number = cell(parse_batch, raw.get("batch", ""))
    batch_id = None
    if batch_number is not None:
        batch_id = ctx["batches"].get(batch_number)
        if batch_id is None:
            row.messages.append(
                _(
                    "Batch: %(value)s does not exist. Create the delivery batch "
                    "first or correct the number."
                )
                % {"value": batch_number}
            )
    row.values = {
        "model": raw.get("model", "")[:100],
        "school_id": school_id,
        "purpose": cell(parse_purpose, raw.get("purpose", "")),
        "batch_id": batch_id,
        "delivered_on": cell(
            parse_date, raw.get("delivered_on", ""), HEADER_LABELS["delivered_on"]
        ),
    }
    if "storage" in raw:
        row.values["storage_gb"] = cell(parse_storage, raw["storage"])
    if "asset_tag" in raw:
        row.values["asset_tag"] = raw["asset_tag"][:40]
    if "warranty_until" in raw:
        row.values["warranty_until"] = cell(
            parse_date, raw["warranty_until"], HEADER_LABELS["warranty_until"]
        )
    return row


def _check_against_database(rows: list[_Row], *, allow_move: bool, ctx: dict) -> dict:
    """Find existing devices (one query per chunk) and check moves and asset tags."""
    existing: dict[str, Device] = {}
    serials = [r.serial for r in rows]
    for start in range(0, len(serials), CHUNK):
        for device in Device.objects.filter(serial__in=serials[start : start + CHUNK]):
            existing[device.serial] = device
    moving = [
        r
        for r in rows
        if r.serial in existing
        and r.values["school_id"]
        and existing[r.serial].school_id != r.values["school_id"]
    ]
    on_loan: set[int] = set()
    if moving and allow_move:
        ids = [existing[r.serial].pk for r in moving]
        for start in range(0, len(ids), CHUNK):
            on_loan.update(
                Loan.objects.open()
                .filter(device_id__in=ids[start : start + CHUNK])
                .values_list("device_id", flat=True)
            )
    for row in moving:
        device = existing[row.serial]
        if not allow_move:
            row.messages.append(
                _(
                    "The device belongs to school %(old)s and would move to "
                    "%(new)s. Check the school number, or import with “allow "
                    "moves” (--allow-move) if the device really changes school."
                )
                % {
                    "old": ctx["numbers"][device.school_id],
                    "new": ctx["numbers"][row.values["school_id"]],
                }
            )
        elif device.pk in on_loan:
            row.messages.append(
                _("The device is on loan at its school; record the return first.")
            )
    _check_asset_tags(rows, existing)
    return existing


def _check_asset_tags(rows: list[_Row], existing: dict[str, Device]) -> None:
    tagged = [r for r in rows if r.values.get("asset_tag") and r.values["school_id"]]
    seen: dict[tuple[int, str], _Row] = {}
    for row in tagged:
        key = (row.values["school_id"], row.values["asset_tag"])
        if key in seen:
            row.messages.append(
                _("Asset tag %(tag)s is already used in line %(line)s for this school.")
                % {"tag": key[1], "line": seen[key].line}
            )
        else:
            seen[key] = row
    tags = sorted({r.values["asset_tag"] for r in tagged})
    taken: dict[tuple[int, str], str] = {}
    for start in range(0, len(tags), CHUNK):
        for school_id, tag, serial in Device.objects.filter(
            asset_tag__in=tags[start : start + CHUNK]
        ).values_list("school_id", "asset_tag", "serial"):
            taken[(school_id, tag)] = serial
    serials_in_file = {r.serial for r in rows}
    for key, row in seen.items():
        owner = taken.get(key)
        if owner and owner != row.serial and owner not in serials_in_file:
            row.messages.append(
                _("Asset tag %(tag)s belongs to device %(serial)s of this school.")
                % {"tag": key[1], "serial": owner}
            )


def _target_values(row: _Row, device: Device | None) -> dict:
    values = dict(row.values)
    delivered = values.get("delivered_on")
    if device is None:
        values["status"] = (
            Device.Status.DELIVERED if delivered else Device.Status.ORDERED
        )
    elif delivered and device.status == Device.Status.ORDERED:
        values["status"] = Device.Status.DELIVERED
    return values


def validate(parsed: ParsedFile, *, allow_move: bool, ctx: dict) -> tuple[list, dict]:
    rows: list[_Row] = []
    first_line: dict[str, int] = {}
    for line, raw, cells in iter_cells(parsed):
        row = _read_row(line, raw, cells, ctx)
        if row.serial in first_line and row.serial:
            row.messages.append(
                _(
                    "Serial %(serial)s appears already in line %(line)s; each device "
                    "may appear only once. Remove one of the lines."
                )
                % {"serial": row.serial, "line": first_line[row.serial]}
            )
        first_line.setdefault(row.serial, line)
        rows.append(row)
    existing = _check_against_database(
        [r for r in rows if not r.messages], allow_move=allow_move, ctx=ctx
    )
    return rows, existing


def import_devices(
    data: bytes,
    *,
    by=None,
    allow_move: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a device list (CSV bytes); see the module docstring for the rules."""
    result = ImportResult()
    try:
        parsed = parse_file(data)
    except FileFormatError as exc:
        result.file_error = str(exc)
        return result
    result.header, result.delimiter = parsed.header, parsed.delimiter
    ctx = {
        "schools": dict(School.objects.values_list("school_number", "pk")),
        "batches": dict(DeliveryBatch.objects.values_list("number", "pk")),
    }
    ctx["numbers"] = {pk: number for number, pk in ctx["schools"].items()}
    rows, existing = validate(parsed, allow_move=allow_move, ctx=ctx)
    result.total = len(rows)
    result.errors = [
        RowError(r.line, r.serial, r.messages, r.cells) for r in rows if r.messages
    ]
    creates, updates, changed = [], [], set()
    for row in rows:
        if row.messages:
            continue
        device = existing.get(row.serial)
        values = _target_values(row, device)
        if device is None:
            creates.append(Device(serial=row.serial, **values))
            continue
        diff = {k: v for k, v in values.items() if getattr(device, k) != v}
        if not diff:
            result.unchanged += 1
            continue
        device.import_diff = {
            k: [str(getattr(device, k)), str(v)] for k, v in diff.items()
        }
        for key, value in diff.items():
            setattr(device, key, value)
        changed.update(diff)
        updates.append(device)
    result.created, result.updated = len(creates), len(updates)
    if dry_run or (result.errors and not skip_invalid):
        return result
    try:
        _write(creates, updates, sorted(changed), by=by, progress=progress)
    except IntegrityError as exc:
        result.file_error = _(
            "The database refused the import (%(error)s); nothing was written."
        ) % {"error": exc}
        return result
    result.written = True
    return result


@transaction.atomic
def _write(creates, updates, fields, *, by, progress: Progress | None) -> None:
    total, done = len(creates) + len(updates), 0
    now = timezone.now()
    devices_changed()  # bulk writes send no signals
    for start in range(0, len(creates), CHUNK):
        chunk = creates[start : start + CHUNK]
        for device in chunk:
            device.updated_at = now
        Device.objects.bulk_create(chunk)
        log_bulk(chunk, "support.device.import", user=by, data={"change": "created"})
        done += len(chunk)
        if progress:
            progress(done, total)
    for start in range(0, len(updates), CHUNK):
        chunk = updates[start : start + CHUNK]
        for device in chunk:
            device.updated_at = now
        Device.objects.bulk_update(chunk, [*fields, "updated_at"])
        log_bulk(
            chunk,
            "support.device.import",
            user=by,
            data_for=lambda d: {"change": "updated", "fields": d.import_diff},
        )
        done += len(chunk)
        if progress:
            progress(done, total)
