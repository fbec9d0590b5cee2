"""The building blocks of booking: the session lock, the history, the rule checks.

`courses/booking.py` (the teacher's side) and `courses/booking_trainer.py` (the
trainer's side) are made of these. A session's row is locked with
`SELECT ... FOR UPDATE` on PostgreSQL, with a bounded wait; on SQLite every
transaction begins IMMEDIATE and takes the database's one write lock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection, transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses import booking_mail
from courses.models import (
    BookingEvent,
    CoursePage,
    CourseSession,
    Registration,
    SessionContingent,
)
from portal.permissions import is_school_member

Status = Registration.Status
Action = BookingEvent.Action


class BookingError(Exception):
    """A booking rule refused the action; `message` says why and what to do."""

    def __init__(self, message, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


def format_when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@contextmanager
def locked_sessions(*session_ids: int) -> Iterator[dict[int, CourseSession]]:
    """A transaction holding the row locks of the given sessions (in id order).

    A lock that is not granted within COURSES_BOOKING_LOCK_TIMEOUT_MS (PostgreSQL)
    or SQLITE_TIMEOUT (SQLite) becomes a BookingError asking to try again.
    """
    ids = sorted(set(session_ids))
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                timeout = int(settings.COURSES_BOOKING_LOCK_TIMEOUT_MS)
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = {timeout}")
            sessions = {
                s.pk: s
                for s in CourseSession.objects.select_for_update(of=("self",))
                .select_related("course", "trainer", "contingent")
                .filter(pk__in=ids)
                .order_by("pk")
            }
            if len(sessions) != len(ids):
                raise BookingError(_("This session does not exist any more."))
            yield sessions
    except OperationalError as error:
        raise BookingError(
            _("Many people are booking right now. Please try again in a moment."),
            code="busy",
        ) from error


def lock_teacher(teacher) -> None:
    """Hold the teacher's row until the transaction ends (after the session locks).

    Her bookings of different sessions then run one after the other, so that the
    one-per-course and overlap rules see each other's registrations. `FOR NO KEY
    UPDATE` does not block rows that only refer to her (events, tickets).
    """
    list(
        get_user_model()
        .objects.select_for_update(no_key=True)
        .filter(pk=teacher.pk)
        .values_list("pk", flat=True)
    )


def record_event(
    *,
    session: CourseSession,
    action: str,
    actor=None,
    registration: Registration | None = None,
    detail: str = "",
) -> BookingEvent:
    """Write one entry of the booking history."""
    return BookingEvent.objects.create(
        session=session,
        registration=registration,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        detail=detail[:300],
    )


def _contingent_in_force(
    session: CourseSession, now: datetime
) -> SessionContingent | None:
    try:
        contingent = session.contingent
    except SessionContingent.DoesNotExist:
        return None
    return contingent if contingent.is_in_force(now) else None


def _confirmed_by_school(session: CourseSession) -> Counter:
    return Counter(
        session.registrations.confirmed().values_list("school_id", flat=True)
    )


def fill_free_seats(
    session: CourseSession, *, by=None, now: datetime | None = None
) -> list[Registration]:
    """Give free seats to the waiting list in order. Call with the session locked.

    While a school contingent is in force, a wait-listed teacher whose school has
    used its seats is passed over (she keeps her place for later).
    """
    return fill_free_seats_and_count(session, by=by, now=now or timezone.now())[0]


def fill_free_seats_and_count(
    session: CourseSession, *, by, now: datetime
) -> tuple[list[Registration], int]:
    """fill_free_seats, also answering how many are confirmed afterwards."""
    counts = session.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    confirmed = counts["confirmed"]
    free = session.capacity - confirmed
    if session.state != CourseSession.State.SCHEDULED or session.start <= now:
        return [], confirmed
    if free <= 0 or not counts["waiting"]:
        return [], confirmed
    waiting = list(session.registrations.waiting_list().select_related("teacher"))
    contingent = _contingent_in_force(session, now)
    per_school = _confirmed_by_school(session) if contingent else Counter()
    promoted = []
    for registration in waiting:
        if len(promoted) == free:
            break
        school = registration.school_id
        if contingent and per_school[school] >= contingent.seats_per_school:
            continue
        registration.status = Status.CONFIRMED
        registration.session = session
        registration.save(update_fields=["status", "updated_at"])
        per_school[school] += 1
        record_event(
            session=session, registration=registration, action=Action.PROMOTED, actor=by
        )
        booking_mail.on_commit(booking_mail.notify_promoted, registration)
        promoted.append(registration)
    return promoted, confirmed + len(promoted)


def waitlist_position(registration: Registration) -> int:
    """1 for the first on the waiting list; 0 when not wait-listed."""
    if registration.status != Status.WAITLISTED:
        return 0
    ahead = (
        Registration.objects.waiting_list()
        .filter(session_id=registration.session_id)
        .filter(waitlisted_at__lte=registration.waitlisted_at)
        .exclude(pk=registration.pk)
        .exclude(waitlisted_at=registration.waitlisted_at, pk__gt=registration.pk)
        .count()
    )
    return ahead + 1


def check_teacher_may_book(teacher) -> None:
    """A teacher of a school with a verified e-mail address."""
    if not teacher.is_authenticated or not is_school_member(teacher):
        raise BookingError(
            _(
                "Only teachers of a school can book. Please add your school to "
                "your profile."
            ),
            code="no_school",
        )
    verified = EmailAddress.objects.filter(
        user=teacher, email__iexact=teacher.email, verified=True
    ).exists()
    if not verified:
        raise BookingError(
            _(
                "Please confirm your e-mail address first: follow the link in the "
                "e-mail we sent you, then book again."
            ),
            code="unverified",
        )


def check_session_bookable(session: CourseSession, now: datetime) -> None:
    """Scheduled, not started, booking deadline not passed."""
    if session.state == CourseSession.State.CANCELLED:
        raise BookingError(
            _("This session has been cancelled. Please choose another date."),
            code="cancelled",
        )
    if session.start <= now:
        raise BookingError(
            _("This session has already started or is over."), code="over"
        )
    if session.booking_deadline and now > session.booking_deadline:
        raise BookingError(
            _(
                "Booking for this session closed on %(when)s. "
                "Please choose another date."
            )
            % {"when": format_when(session.booking_deadline)},
            code="deadline",
        )


def check_no_conflict(
    *, teacher, session: CourseSession, ignore: Registration | None = None
) -> None:
    """One open registration per course, none on overlapping sessions."""
    mine = Registration.objects.open().filter(teacher=teacher)
    if ignore is not None:
        mine = mine.exclude(pk=ignore.pk)
    # A teacher holds few open registrations: both rules are checked on all of
    # them here, which costs less than asking the database for the candidates.
    candidates = [
        (session_id, course_id, start)
        for session_id, course_id, start, end, state in mine.values_list(
            "session_id",
            "session__course_id",
            "session__start",
            "session__end",
            "session__state",
        )
        if course_id == session.course_id
        or (
            state == CourseSession.State.SCHEDULED
            and start < session.end
            and end > session.start
        )
    ]
    same_course = next((c for c in candidates if c[1] == session.course_id), None)
    if same_course is not None:
        if same_course[0] == session.pk:
            raise BookingError(
                _("You have already booked this session."), code="already_booked"
            )
        raise BookingError(
            _(
                "You already hold a registration for this course on %(when)s. "
                "Cancel it first if you want to change the date."
            )
            % {"when": format_when(same_course[2])},
            code="same_course",
        )
    if candidates:
        _session_id, course_id, start = candidates[0]
        title = CoursePage.objects.filter(pk=course_id).values_list("title").get()[0]
        raise BookingError(
            _(
                "This session overlaps with “%(course)s” on %(when)s, which you "
                "have booked. Please choose another date."
            )
            % {"course": title, "when": format_when(start)},
            code="overlap",
        )


def check_contingent(session: CourseSession, teacher, now: datetime) -> None:
    contingent = _contingent_in_force(session, now)
    if contingent is None:
        return
    taken = session.registrations.confirmed().filter(school=teacher.school_id).count()
    if taken >= contingent.seats_per_school:
        raise BookingError(
            ngettext(
                "Your school has taken its %(seats)d seat of this session. The "
                "remaining seats are open to all schools from %(when)s.",
                "Your school has taken its %(seats)d seats of this session. The "
                "remaining seats are open to all schools from %(when)s.",
                contingent.seats_per_school,
            )
            % {
                "seats": contingent.seats_per_school,
                "when": format_when(contingent.until),
            },
            code="contingent",
        )
