"""Due times in working hours, Monday to Friday."""

import datetime as dt

import pytest
from django.utils import timezone

from support.models import HelpdeskSettings
from support.sla import WorkingDay, add_working_hours, due_times, working_hours_between


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))  # noqa: DTZ001 - local wall time


def test_friday_afternoon_runs_over_the_weekend():
    # Friday 2026-11-20 15:00 + 4 working hours (day 8-16) = Monday 11:00
    assert add_working_hours(local(2026, 11, 20, 15, 0), 4) == local(
        2026, 11, 23, 11, 0
    )


def test_weekend_and_night_start_on_the_next_working_morning():
    assert add_working_hours(local(2026, 11, 21, 10, 0), 1) == local(2026, 11, 23, 9, 0)
    assert add_working_hours(local(2026, 11, 23, 22, 0), 2) == local(
        2026, 11, 24, 10, 0
    )
    assert add_working_hours(local(2026, 11, 23, 6, 0), 0.5) == local(
        2026, 11, 23, 8, 30
    )


def test_several_days_and_a_custom_working_day():
    day = WorkingDay(start=dt.time(7, 30), end=dt.time(15, 30))
    # Monday 14:30 + 17 h: 1 h Monday, 8 h Tuesday, 8 h Wednesday -> Wed 15:30
    assert add_working_hours(local(2026, 11, 23, 14, 30), 17, working_day=day) == (
        local(2026, 11, 25, 15, 30)
    )


def test_working_hours_between_skips_nights_and_weekends():
    start, end = local(2026, 11, 20, 15, 0), local(2026, 11, 23, 11, 0)
    assert working_hours_between(start, end) == pytest.approx(4)
    assert working_hours_between(end, start) == 0


@pytest.mark.django_db
def test_due_times_follow_the_settings_editable_in_the_cms():
    settings = HelpdeskSettings.load()
    settings.response_urgent = 2
    settings.resolution_urgent = 6
    settings.save()
    due = due_times(priority="urgent", opened_at=local(2026, 11, 23, 9, 0))
    assert due.response_due_at == local(2026, 11, 23, 11, 0)
    assert due.resolution_due_at == local(2026, 11, 23, 15, 0)
