"""Reads of the delivery progress: per school, per batch, over time, next in line.

Counts come from subqueries so that a listing of 154 schools is a single query
and delivered numbers always come from the devices themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from portal.schools.models import School
from support.models import BatchAllocation, DeliveryBatch, Device, Loan


def _count(qs: QuerySet, group: str) -> Subquery:
    return Subquery(
        qs.order_by().values(group).annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def schools_with_progress() -> QuerySet[School]:
    """Schools with `planned`, `delivered` and `on_loan` counts."""
    planned = Subquery(
        BatchAllocation.objects.filter(school=OuterRef("pk"))
        .order_by()
        .values("school")
        .annotate(n=Sum("devices_planned"))
        .values("n"),
        output_field=IntegerField(),
    )
    delivered = _count(
        Device.objects.filter(school=OuterRef("pk")).delivered(), "school"
    )
    on_loan = _count(
        Loan.objects.open().filter(device__school=OuterRef("pk")), "device__school"
    )
    return School.objects.annotate(
        planned=Coalesce(planned, 0),
        delivered=Coalesce(delivered, 0),
        on_loan=Coalesce(on_loan, 0),
    )


def batches_with_totals(school: School | None = None) -> QuerySet[DeliveryBatch]:
    """Batches with `planned_total` and `delivered_total` (optionally of one school)."""
    allocations = BatchAllocation.objects.filter(batch=OuterRef("pk"))
    devices = Device.objects.filter(batch=OuterRef("pk")).delivered()
    if school is not None:
        allocations = allocations.filter(school=school)
        devices = devices.filter(school=school)
    planned = Subquery(
        allocations.order_by()
        .values("batch")
        .annotate(n=Sum("devices_planned"))
        .values("n"),
        output_field=IntegerField(),
    )
    return DeliveryBatch.objects.annotate(
        planned_total=Coalesce(planned, 0),
        delivered_total=Coalesce(_count(devices, "batch"), 0),
    )


def next_in_line(limit: int = 20) -> QuerySet[BatchAllocation]:
    """Allocations of the batches not delivered yet, the earliest first."""
    return (
        BatchAllocation.objects.filter(batch__actual_date__isnull=True)
        .select_related("batch", "school")
        .order_by("batch__planned_date", "batch__number", "-school__social_index")[
            :limit
        ]
    )


@dataclass(frozen=True)
class Point:
    day: date
    total: int


def cumulative_deliveries(school: School | None = None) -> list[Point]:
    """Running total of delivered devices per delivery day."""
    devices = Device.objects.filter(delivered_on__isnull=False)
    if school is not None:
        devices = devices.filter(school=school)
    per_day = (
        devices.order_by("delivered_on")
        .values_list("delivered_on")
        .annotate(n=Count("pk"))
    )
    points, total = [], 0
    for day, n in per_day:
        total += n
        points.append(Point(day, total))
    return points
