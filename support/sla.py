"""Service levels: when a ticket must get its first answer and be resolved.

Times are counted in working hours: Monday to Friday, between the start and end of
the working day in the portal's time zone. A ticket filed on Friday at 15:00 with
four working hours left is due on Monday at 11:00 when the day runs 8 to 16.
Public holidays are not known to the portal and count as working days.

The hours per priority and the working day are a Wagtail setting
(`HelpdeskSettings`), so administrators change them in the CMS without a deploy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from portal.derived import Generation

WORKING_DAYS = frozenset(range(5))  # Monday = 0 ... Friday = 4


@dataclass(frozen=True)
class WorkingDay:
    """The hours of one working day (in local time)."""

    start: dt.time = dt.time(8, 0)
    end: dt.time = dt.time(16, 0)

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (
            self.start.hour * 60 + self.start.minute
        )


@dataclass(frozen=True)
class DueTimes:
    response_due_at: dt.datetime
    resolution_due_at: dt.datetime


def _at(day: dt.date, time: dt.time, tz: dt.tzinfo) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time), tz)


def add_working_hours(
    start: dt.datetime, hours: float, *, working_day: WorkingDay | None = None
) -> dt.datetime:
    """The moment `hours` working hours after `start` (an aware datetime).

    Time outside the working day (evenings, nights, weekends) does not count: a
    ticket filed on Saturday starts its clock on Monday morning.
    """
    working_day = working_day or WorkingDay()
    if working_day.minutes <= 0:
        raise ValueError("The working day must end after it starts.")
    tz = timezone.get_current_timezone()
    local = timezone.localtime(start, tz)
    remaining = dt.timedelta(hours=hours)
    day = local.date()
    cursor = local
    while True:
        if day.weekday() in WORKING_DAYS:
            day_start = _at(day, working_day.start, tz)
            day_end = _at(day, working_day.end, tz)
            begin = max(cursor, day_start)
            if begin < day_end:
                available = day_end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day += dt.timedelta(days=1)
        cursor = _at(day, dt.time(0, 0), tz)


def working_hours_between(
    start: dt.datetime, end: dt.datetime, *, working_day: WorkingDay | None = None
) -> float:
    """Working hours elapsed from `start` to `end` (0 when end is before start)."""
    working_day = working_day or WorkingDay()
    if end <= start:
        return 0.0
    tz = timezone.get_current_timezone()
    local_start = timezone.localtime(start, tz)
    local_end = timezone.localtime(end, tz)
    total = dt.timedelta()
    day = local_start.date()
    while day <= local_end.date():
        if day.weekday() in WORKING_DAYS:
            begin = max(local_start, _at(day, working_day.start, tz))
            finish = min(local_end, _at(day, working_day.end, tz))
            if finish > begin:
                total += finish - begin
        day += dt.timedelta(days=1)
    return total.total_seconds() / 3600


#: The service levels, read for every ticket filed: kept until they are saved.
SERVICE_LEVELS = Generation("support:service-levels")


def service_levels():
    """The `HelpdeskSettings` (made with their defaults on first use)."""
    from support.models import HelpdeskSettings

    return SERVICE_LEVELS.cached("settings", HelpdeskSettings.load)


def connect_signals() -> None:
    from django.db.models.signals import post_save

    from support.models import HelpdeskSettings

    post_save.connect(
        SERVICE_LEVELS.forget, sender=HelpdeskSettings, dispatch_uid="sla-levels"
    )


def due_times(*, priority: str, opened_at: dt.datetime) -> DueTimes:
    """Response and resolution due times of a ticket of `priority` opened then."""
    policy = service_levels()
    working_day = policy.working_day
    response_hours, resolution_hours = policy.hours_for(priority)
    return DueTimes(
        response_due_at=add_working_hours(
            opened_at, response_hours, working_day=working_day
        ),
        resolution_due_at=add_working_hours(
            opened_at, resolution_hours, working_day=working_day
        ),
    )
