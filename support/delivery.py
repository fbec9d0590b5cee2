"""Reads of the delivery progress: per school, per batch, over time, next in line.

Delivered numbers always come from the devices themselves, counted in a few grouped
queries whatever the number of schools or devices.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from portal.schools.models import School
from support.models import BatchAllocation, DeliveryBatch, Device, Loan


def _count(qs: QuerySet, group: str) -> Subquery:
    return Subquery(
        qs.order_by().values(group).annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def schools_with_progress() -> list[School]:
    """Schools (by name) with `planned`, `delivered` and `on_loan` counts.

    Three grouped counts over the whole table instead of a correlated subquery per
    school: at 250,000 devices that is one pass per count, not 154.
    """
    planned = dict(
        BatchAllocation.objects.order_by()
        .values_list("school")
        .annotate(n=Sum("devices_planned"))
    )
    delivered = dict(
        Device.objects.delivered()
        .order_by()
        .values_list("school")
        .annotate(n=Count("pk"))
    )
    on_loan = dict(
        Loan.objects.open()
        .order_by()
        .values_list("device__school")
        .annotate(n=Count("pk"))
    )
    schools = list(School.objects.order_by("name"))
    for school in schools:
        school.planned = planned.get(school.pk) or 0
        school.delivered = delivered.get(school.pk, 0)
        school.on_loan = on_loan.get(school.pk, 0)
    return schools


def batches_with_totals() -> QuerySet[DeliveryBatch]:
    """Batches annotated with `planned_total` and `delivered_total`, as a queryset
    (for the admin listing, which sorts and pages it)."""
    allocations = BatchAllocation.objects.filter(batch=OuterRef("pk"))
    devices = Device.objects.filter(batch=OuterRef("pk")).delivered()
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


def batch_totals(school: School | None = None) -> list[DeliveryBatch]:
    """Batches by number with `planned_total` and `delivered_total` (of one school
    or of all): one grouped count each, so a school's figures read only its own
    devices, not every device of each batch."""
    allocations = BatchAllocation.objects.all()
    devices = Device.objects.delivered().filter(batch__isnull=False)
    if school is not None:
        allocations = allocations.filter(school=school)
        devices = devices.filter(school=school)
    planned = dict(
        allocations.order_by().values_list("batch").annotate(n=Sum("devices_planned"))
    )
    delivered = dict(devices.order_by().values_list("batch").annotate(n=Count("pk")))
    batches = list(DeliveryBatch.objects.order_by("number"))
    for batch in batches:
        batch.planned_total = planned.get(batch.pk) or 0
        batch.delivered_total = delivered.get(batch.pk, 0)
    return batches


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


SNAPSHOT_SECONDS = 60
STALE_SECONDS = 600
SNAPSHOT_KEY = "support:delivery-snapshot"
REFRESH_LOCK_KEY = "support:delivery-snapshot:refreshing"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    taken_at: datetime
    schools: list[School]
    batches: list[DeliveryBatch]
    points: list[Point]
    #: Tells one count from another (`support.delivery_markup` keeps the HTML
    #: of a count); snapshots stored before it had none, hence the default.
    token: str = field(default="", compare=False)


def _take_snapshot() -> Snapshot:
    return Snapshot(
        taken_at=timezone.now(),
        schools=schools_with_progress(),
        batches=batch_totals(),
        points=cumulative_deliveries(),
        token=secrets.token_hex(8),
    )


def _store(snapshot: Snapshot) -> Snapshot:
    cache.set(SNAPSHOT_KEY, snapshot, timeout=None)
    return snapshot


@task()
def refresh_delivery_snapshot() -> None:
    """Recount the city-wide figures (the task worker runs it for the page)."""
    _store(_take_snapshot())


def delivery_snapshot() -> Snapshot:
    """The city-wide figures, recounted at most once a minute, off the request.

    Each figure is a pass over every device (250,000 at ten times the city, about
    a quarter of a second), and deliveries change in batches, not by the second:
    the page shows the last count with its time and, once it is a minute old,
    asks the task worker for a new one. Only when there is none yet, or the
    worker has not delivered for ten minutes, does a request count itself.
    """
    try:
        snapshot = cache.get(SNAPSHOT_KEY)
    except Exception:  # noqa: BLE001 - the cache server is away: count now
        logger.warning("Cache unreachable: delivery figures counted per request")
        return _take_snapshot()
    age = (timezone.now() - snapshot.taken_at).total_seconds() if snapshot else None
    if age is None or age > STALE_SECONDS:
        return _store(_take_snapshot())
    if age > SNAPSHOT_SECONDS and cache.add(REFRESH_LOCK_KEY, 1, SNAPSHOT_SECONDS):
        refresh_delivery_snapshot.enqueue()
    return snapshot
