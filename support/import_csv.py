"""Reading device lists as suppliers and Excel write them.

Encoding (UTF-8 with or without BOM, Windows-1252 as Excel saves "CSV"),
delimiter (comma, semicolon or tab), German or English headers and the value
formats (German and ISO dates, "64 GB", purposes in words). The import engine
(`support.importer`) only sees clean Python values or a message per cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from support.models.inventory import Device

REQUIRED = ("serial", "model", "school_number", "purpose", "batch", "delivered_on")
OPTIONAL = ("asset_tag", "storage", "warranty_until")

#: Accepted header spellings, compared after lower-casing and dropping everything
#: that is not a letter or digit ("Serien-Nr." -> "seriennr").
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "serial": ("serial", "serialnumber", "serialno", "sn", "seriennummer", "seriennr"),
    "model": (
        "model",
        "modell",
        "devicemodel",
        "geraetemodell",
        "gerätemodell",
        "geraetetyp",
        "gerätetyp",
        "geraet",
        "gerät",
        "typ",
    ),
    "school_number": (
        "schoolnumber",
        "schoolno",
        "school",
        "schulnummer",
        "schulnr",
        "schule",
    ),
    "purpose": ("purpose", "zweck", "verwendung", "verwendungszweck", "nutzung"),
    "batch": (
        "batch",
        "batchnumber",
        "batchno",
        "deliverybatch",
        "lieferung",
        "lieferungnr",
        "liefercharge",
        "charge",
    ),
    "delivered_on": (
        "deliveredon",
        "deliverydate",
        "delivered",
        "geliefertam",
        "lieferdatum",
        "geliefert",
    ),
    "asset_tag": ("assettag", "inventorynumber", "inventarnummer", "inventarnr"),
    "storage": ("storage", "storagegb", "capacity", "speicher", "speichergb"),
    "warranty_until": (
        "warrantyend",
        "warrantyuntil",
        "warranty",
        "garantiebis",
        "garantieende",
        "garantie",
    ),
}
_ALIAS_TO_FIELD = {
    alias: field for field, aliases in HEADER_ALIASES.items() for alias in aliases
}
HEADER_LABELS = {
    "serial": "Seriennummer / serial",
    "model": "Modell / model",
    "school_number": "Schulnummer / school number",
    "purpose": "Zweck / purpose",
    "batch": "Lieferung / batch",
    "delivered_on": "Geliefert am / delivered on",
    "asset_tag": "Inventarnummer / asset tag",
    "storage": "Speicher / storage",
    "warranty_until": "Garantie bis / warranty end",
}

_PURPOSES = {
    Device.Purpose.PUPIL_LOAN: (
        "pupilloan",
        "pupil",
        "loan",
        "schuelerleihgeraet",
        "schülerleihgerät",
        "leihgeraet",
        "leihgerät",
        "schueler",
        "schüler",
        "schuelergeraet",
        "schülergerät",
    ),
    Device.Purpose.TEACHER_DEVICE: (
        "teacherdevice",
        "teacher",
        "lehrergeraet",
        "lehrergerät",
        "lehrkraft",
        "dienstgeraet",
        "dienstgerät",
        "lehrkraftgeraet",
        "lehrkraftgerät",
        "lehrkraeftegeraet",
        "lehrkräftegerät",
    ),
    Device.Purpose.CLASS_SET: ("classset", "class", "klassensatz", "klassenset"),
}
_PURPOSE_LOOKUP = {a: p for p, aliases in _PURPOSES.items() for a in aliases}
# Excel sometimes appends a time of day ("31.12.2020 00:00"); it is ignored.
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
_DE_DATE = re.compile(rf"^(\d{{1,2}})\.(\d{{1,2}})\.(\d{{2}}|\d{{4}}){_TIME}$")
_ISO_DATE = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$")
_STORAGE = re.compile(r"^(\d{1,5})\s*(gb|g)?$", re.IGNORECASE)
_BATCH = re.compile(r"^\D{0,20}?(\d{1,6})$")


class CellError(ValueError):
    """A cell value that cannot be read; the message says what is expected."""


class FileFormatError(ValueError):
    """The file as a whole cannot be read (encoding, header)."""


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-zäöüß]", "", (text or "").strip().lower())


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped); otherwise Windows-1252, as Excel saves CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


@dataclass
class ParsedFile:
    delimiter: str
    header: list[str]
    columns: dict[str, int]  # field -> column index
    rows: list[tuple[int, list[str]]]  # (line number, cells)


def parse_file(data: bytes) -> ParsedFile:
    """Split the file into numbered rows and map the header to fields."""
    text = decode(data)
    if not text.strip():
        raise FileFormatError(_("The file is empty."))
    delimiter = sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise _unreadable(reader.line_num or 1) from exc
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        field = _ALIAS_TO_FIELD.get(_key(name))
        if field and field not in columns:
            columns[field] = index
    missing = [HEADER_LABELS[f] for f in REQUIRED if f not in columns]
    if missing:
        raise FileFormatError(
            _(
                "Line 1: the header lacks the column(s) %(missing)s. The first line "
                "must name the columns, e.g. Seriennummer;Modell;Schulnummer;Zweck;"
                "Lieferung;Geliefert am (English names are accepted as well)."
            )
            % {"missing": ", ".join(missing)}
        )
    rows: list[tuple[int, list[str]]] = []
    line = reader.line_num
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if any(c.strip() for c in cells):
                rows.append((start, cells))
    except csv.Error as exc:
        raise _unreadable(line + 1) from exc
    return ParsedFile(delimiter, header, columns, rows)


def _unreadable(line: int) -> FileFormatError:
    """csv could not split a line: an overlong field or a quote never closed."""
    return FileFormatError(
        _(
            "Line %(line)d can not be read as CSV: a field is far too long or a "
            "quotation mark is not closed. Check that line, or save the file from "
            "Excel again as “CSV UTF-8”."
        )
        % {"line": line}
    )


def parse_date(value: str, label: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        if m := _DE_DATE.match(value):
            day, month, year = (int(g) for g in m.groups())
            year = year + 2000 if year < 100 else year
            return date(year, month, day)
        if m := _ISO_DATE.match(value):
            return date(*(int(g) for g in m.groups()))
    except ValueError:
        pass
    raise CellError(
        _(
            "%(column)s: “%(value)s” is not a date. Write it as 31.12.2020 or "
            "2020-12-31."
        )
        % {"column": label, "value": value}
    )


def parse_purpose(value: str) -> str:
    purpose = _PURPOSE_LOOKUP.get(_key(value))
    if purpose is None:
        raise CellError(
            _(
                "Purpose: “%(value)s” is unknown. Use Schülerleihgerät (pupil loan), "
                "Lehrergerät (teacher device) or Klassensatz (class set)."
            )
            % {"value": value}
        )
    return purpose


def parse_storage(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if m := _STORAGE.match(value):
        return int(m.group(1))
    raise CellError(
        _("Storage: “%(value)s” is not a size. Write the gigabytes, e.g. 64 or 64 GB.")
        % {"value": value}
    )


def parse_batch(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if m := _BATCH.match(value):
        return int(m.group(1))
    raise CellError(
        _("Batch: “%(value)s” is not a batch number. Write the number, e.g. 3.")
        % {"value": value}
    )


def iter_cells(parsed: ParsedFile) -> Iterator[tuple[int, dict[str, str], list[str]]]:
    """Each row as (line number, {field: raw text}, original cells)."""
    for line, cells in parsed.rows:
        values = {
            field: cells[index].strip() if index < len(cells) else ""
            for field, index in parsed.columns.items()
        }
        yield line, values, cells
