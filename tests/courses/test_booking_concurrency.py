"""Many people at the same moment: real threads, real transactions.

Runs on SQLite (file database, IMMEDIATE transactions) and, with DATABASE_URL set,
on PostgreSQL (row locks).
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from courses import booking
from courses.booking import BookingError
from courses.models import BookingEvent, Registration
from tests.courses.booking_helpers import make_session, teachers

pytestmark = pytest.mark.django_db(transaction=True)
Status = Registration.Status


def run_in_threads(func, items) -> list:
    """Start every call at the same moment; return results or exceptions in order."""
    barrier = threading.Barrier(len(items))
    results: list = [None] * len(items)

    def work(i, item):
        try:
            barrier.wait()
            results[i] = func(item)
        except Exception as error:  # noqa: BLE001 - collected, asserted by the test
            results[i] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(i, item)) for i, item in enumerate(items)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _patient_locks(settings) -> None:
    """Exactness is under test here, not the bounded wait (tested below): a busy
    test machine must not turn a slow lock into a "please try again"."""
    settings.COURSES_BOOKING_LOCK_TIMEOUT_MS = 60_000


def test_fifty_teachers_booking_ten_seats_at_once_confirm_exactly_ten(settings):
    _patient_locks(settings)
    session = make_session(capacity=10)
    people = teachers(50)
    results = run_in_threads(
        lambda t: booking.book_session(session=session, teacher=t), people
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    counts = Counter(
        Registration.objects.filter(session=session).values_list("status", flat=True)
    )
    assert counts == {Status.CONFIRMED: 10, Status.WAITLISTED: 40}
    positions = sorted(booking.waitlist_position(r) for r in results if r.is_waitlisted)
    assert positions == list(range(1, 41))


def test_double_submit_at_the_same_moment_books_once(settings):
    _patient_locks(settings)
    session = make_session(capacity=5)
    (teacher,) = teachers(1)
    results = run_in_threads(
        lambda t: booking.book_session(session=session, teacher=t), [teacher] * 4
    )
    booked = [r for r in results if isinstance(r, Registration)]
    refused = [r for r in results if isinstance(r, BookingError)]
    assert len(booked) == 1
    assert len(refused) == 3
    assert {e.code for e in refused} == {"already_booked"}
    assert Registration.objects.filter(session=session).count() == 1


def test_k_concurrent_cancellations_promote_exactly_k_in_order(settings):
    _patient_locks(settings)
    session = make_session(capacity=10)
    people = teachers(20)
    regs = [booking.book_session(session=session, teacher=t) for t in people]
    confirmed, waiting = regs[:10], regs[10:]
    k = 6
    cancelling = confirmed[:k]
    results = run_in_threads(
        lambda r: booking.cancel_registration(registration=r, by=r.teacher),
        cancelling,
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    statuses = dict(
        Registration.objects.filter(session=session).values_list("pk", "status")
    )
    assert [statuses[r.pk] for r in waiting[:k]] == [Status.CONFIRMED] * k
    assert [statuses[r.pk] for r in waiting[k:]] == [Status.WAITLISTED] * (10 - k)
    assert Counter(statuses.values())[Status.CONFIRMED] == 10
    promoted = BookingEvent.objects.filter(
        session=session, action=BookingEvent.Action.PROMOTED
    ).order_by("created_at", "pk")
    assert [e.registration_id for e in promoted] == [r.pk for r in waiting[:k]]


def test_a_lock_wait_is_bounded_and_answers_please_try_again(settings):
    from django.db import transaction

    from courses.models import CourseSession

    settings.COURSES_BOOKING_LOCK_TIMEOUT_MS = 200
    session = make_session()
    (teacher,) = teachers(1)
    locked, release = threading.Event(), threading.Event()

    def hold_the_session():
        try:
            with transaction.atomic():
                CourseSession.objects.select_for_update().get(pk=session.pk)
                locked.set()
                release.wait(20)
        finally:
            connection.close()

    def book(_item):
        if connection.vendor == "sqlite":
            # SQLite's busy timeout is the lock wait there (SQLITE_TIMEOUT).
            connection.ensure_connection()
            connection.connection.execute("PRAGMA busy_timeout = 200")
        return booking.book_session(session=session, teacher=teacher)

    holder = threading.Thread(target=hold_the_session)
    holder.start()
    assert locked.wait(10)
    try:
        (result,) = run_in_threads(book, [None])
    finally:
        release.set()
        holder.join()
    assert isinstance(result, BookingError)
    assert result.code == "busy"
    assert not Registration.objects.filter(session=session).exists()


def test_one_teacher_booking_two_overlapping_sessions_at_once_gets_one(settings):
    _patient_locks(settings)
    start_in_days = 9
    first = make_session(days=start_in_days, hours=2)
    overlapping = make_session(days=start_in_days, hours=2)  # another course
    assert first.course_id != overlapping.course_id
    (teacher,) = teachers(1)
    for _attempt in range(3):  # the race is only possible without the teacher lock
        Registration.objects.filter(teacher=teacher).delete()
        results = run_in_threads(
            lambda s: booking.book_session(session=s, teacher=teacher),
            [first, overlapping],
        )
        booked = [r for r in results if isinstance(r, Registration)]
        refused = [r for r in results if isinstance(r, BookingError)]
        assert (len(booked), len(refused)) == (1, 1), results
        assert Registration.objects.open().filter(teacher=teacher).count() == 1


def test_one_teacher_booking_two_dates_of_one_course_at_once_gets_one(settings):
    _patient_locks(settings)
    first = make_session(days=10)
    second = make_session(first.course, days=12)
    (teacher,) = teachers(1)
    results = run_in_threads(
        lambda s: booking.book_session(session=s, teacher=teacher), [first, second]
    )
    assert sum(isinstance(r, Registration) for r in results) == 1
    assert [r.code for r in results if isinstance(r, BookingError)] == ["same_course"]
