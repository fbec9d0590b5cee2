"""Helpdesk reports for the IT service, and the CSV export of tickets.

Aggregations run in the database; only the medians are taken in Python over
one column pair per ticket of the period (a few thousand rows a year).
CSV cells that a spreadsheet would read as a formula are neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from support.models import Ticket

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MONTHS = 24


def csv_safe(value: object) -> str:
    """A cell a spreadsheet shows as text, never evaluates (CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def tickets_csv_response(tickets: QuerySet[Ticket], *, filename: str) -> HttpResponse:
    """The tickets as a CSV download (no message texts, hence no internal notes)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Reference"),
            _("Filed at"),
            _("School number"),
            _("School"),
            _("District"),
            _("Category"),
            _("Priority"),
            _("Status"),
            _("Assigned to"),
            _("Serial number"),
            _("Subject"),
            _("Resolution due"),
            _("First response at"),
            _("Resolved at"),
        ]
    )
    for t in tickets.select_related("school", "assignee").iterator(chunk_size=2000):
        writer.writerow(
            csv_safe(cell)
            for cell in [
                t.reference,
                _local(t.created_at),
                t.school.school_number,
                t.school.name,
                t.school.district,
                t.get_category_display(),
                t.get_priority_display(),
                t.get_status_display(),
                t.assignee.display_name if t.assignee else "",
                t.serial,
                t.subject,
                _local(t.due_at),
                _local(t.first_response_at),
                _local(t.resolved_at),
            ]
        )
    return response


def open_counts(field: str, *, limit: int | None = None) -> list[dict]:
    """Active tickets grouped by `field` (e.g. "school__name"), most first."""
    rows = (
        Ticket.objects.active()
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .order_by("-count", field)
    )
    return list(rows[:limit] if limit else rows)


def open_by_category() -> list[dict]:
    labels = dict(Ticket.Category.choices)
    return [
        {"label": labels.get(row["category"], row["category"]), "count": row["count"]}
        for row in open_counts("category")
    ]


def by_profile_version() -> list[dict]:
    """Tickets per configuration profile version the device carried."""
    rows = (
        Ticket.objects.order_by()
        .values("profile_version__school__name", "profile_version__version")
        .annotate(count=Count("pk"))
        .order_by("-count")
    )
    return list(rows)


@dataclass
class MonthRow:
    month: dt.date
    filed: int
    resolved: int
    median_first_response_h: float | None
    median_resolution_h: float | None

    @property
    def label(self) -> str:
        return date_format(self.month, "M Y")


def _hours(start: dt.datetime, end: dt.datetime | None) -> float | None:
    return (end - start).total_seconds() / 3600 if end else None


def monthly(*, months: int = MONTHS, now: dt.datetime | None = None) -> list[MonthRow]:
    """Per month of filing: tickets filed and resolved, median hours to the first
    response and to resolution (calendar hours)."""
    now = timezone.localtime(now or timezone.now())
    start = (now.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    rows = Ticket.objects.filter(created_at__gte=start).values_list(
        "created_at", "first_response_at", "resolved_at"
    )
    responses: dict[dt.date, list[float]] = defaultdict(list)
    resolutions: dict[dt.date, list[float]] = defaultdict(list)
    filed: dict[dt.date, int] = defaultdict(int)
    for created, first_response, resolved in rows.iterator(chunk_size=5000):
        month = timezone.localtime(created).date().replace(day=1)
        filed[month] += 1
        if (hours := _hours(created, first_response)) is not None:
            responses[month].append(hours)
        if (hours := _hours(created, resolved)) is not None:
            resolutions[month].append(hours)
    resolved_per_month = dict(
        Ticket.objects.filter(resolved_at__gte=start)
        .annotate(month=TruncMonth("resolved_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    resolved_by_date = {
        (m.date() if isinstance(m, dt.datetime) else m).replace(day=1): n
        for m, n in resolved_per_month.items()
    }
    result = []
    month = start.date()
    while month <= now.date():
        result.append(
            MonthRow(
                month=month,
                filed=filed.get(month, 0),
                resolved=resolved_by_date.get(month, 0),
                median_first_response_h=_median(responses.get(month)),
                median_resolution_h=_median(resolutions.get(month)),
            )
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return result


def _median(values: list[float] | None) -> float | None:
    return round(statistics.median(values), 1) if values else None


@dataclass
class Bar:
    x: float
    y: float
    height: float
    label: str
    value: int


def bar_chart(rows: list[MonthRow], *, width: int = 720, height: int = 220) -> dict:
    """Geometry of an SVG bar chart of tickets filed per month."""
    top = max((r.filed for r in rows), default=0) or 1
    plot_height = height - 40
    step = (width - 40) / max(len(rows), 1)
    bars = [
        Bar(
            x=round(40 + i * step + step * 0.15, 1),
            y=round(10 + plot_height * (1 - r.filed / top), 1),
            height=round(plot_height * r.filed / top, 1),
            label=r.label,
            value=r.filed,
        )
        for i, r in enumerate(rows)
    ]
    return {
        "width": width,
        "height": height,
        "bar_width": round(step * 0.7, 1),
        "bars": bars,
        "top": top,
        "baseline": 10 + plot_height,
    }
