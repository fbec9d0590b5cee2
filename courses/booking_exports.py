"""Participant lists of a session as CSV and XLSX for trainers.

Names are typed by users, so every cell that a spreadsheet could read as a formula
(starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe
(OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from courses.models import CourseSession, Registration

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A cell value that no spreadsheet evaluates as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def participant_registrations(session: CourseSession) -> list[Registration]:
    """Everyone with a seat or a place in the queue, confirmed first, queue in order."""
    from courses.booking_display import with_waitlist_position

    statuses = [
        Registration.Status.CONFIRMED,
        Registration.Status.ATTENDED,
        Registration.Status.NO_SHOW,
        Registration.Status.WAITLISTED,
    ]
    rows = with_waitlist_position(
        session.registrations.filter(status__in=statuses).select_related(
            "teacher", "school"
        )
    )
    return sorted(
        rows,
        key=lambda r: (
            r.status == Registration.Status.WAITLISTED,
            r.waitlist_position if r.status == Registration.Status.WAITLISTED else 0,
            r.teacher.full_name.casefold(),
        ),
    )


def _rows(session: CourseSession) -> list[list[str]]:
    header = [
        _("Name"),
        _("E-mail"),
        _("School"),
        _("Status"),
        _("Waiting list position"),
        _("Booked at"),
    ]
    rows = [header]
    for registration in participant_registrations(session):
        rows.append(
            [
                registration.teacher.display_name,
                registration.teacher.email,
                registration.school.name if registration.school else "",
                registration.get_status_display(),
                str(registration.waitlist_position)
                if registration.status == Registration.Status.WAITLISTED
                else "",
                timezone.localtime(registration.created_at).strftime("%d.%m.%Y %H:%M"),
            ]
        )
    return [[neutralise(cell) for cell in row] for row in rows]


def participants_csv(session: CourseSession) -> str:
    """Semicolon-separated with a BOM, as German Excel opens it without asking."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(_rows(session))
    return buffer.getvalue()


def participants_xlsx(session: CourseSession) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    for row in _rows(session):
        sheet.append(row)
    for column in "ABCDEF":
        sheet.column_dimensions[column].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(session: CourseSession, extension: str) -> str:
    day = timezone.localtime(session.start).strftime("%Y-%m-%d")
    return f"teilnehmende-{session.course.slug}-{day}.{extension}"
