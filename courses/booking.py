"""Booking rules: one transactional function per use case.

Every function locks the session row it changes (`SELECT ... FOR UPDATE` on
PostgreSQL, with a bounded lock wait; on SQLite every transaction begins IMMEDIATE,
which takes the one write lock of the database file). Inside that lock the seat
count is read and written, so a session never has more confirmed participants than
seats however many people book at once. The database backs the rules: one open
registration per teacher and session, a queue time for every wait-listed one.

E-mails are queued with `transaction.on_commit`: a failing mail server never rolls
back a booking. Every state change writes a `BookingEvent` with who and when.
Trainer-side functions (cancel a session, move, attendance, messages) live in
`courses/booking_trainer.py` and use the helpers here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses import booking_mail
from courses.models import (
    BookingEvent,
    CourseSession,
    Registration,
    SessionContingent,
)
from courses.permissions import can_run_session
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


def _when(moment: datetime) -> str:
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
                .select_related("course", "trainer")
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
    return _fill_free_seats(session, by=by, now=now or timezone.now())[0]


def _fill_free_seats(
    session: CourseSession, *, by, now: datetime
) -> tuple[list[Registration], int]:
    """fill_free_seats, also answering how many are confirmed afterwards."""
    confirmed = session.registrations.confirmed().count()
    free = session.capacity - confirmed
    if session.state != CourseSession.State.SCHEDULED or session.start <= now:
        return [], confirmed
    if free <= 0:
        return [], confirmed
    waiting = list(session.registrations.waiting_list().select_related("teacher"))
    if not waiting:
        return [], confirmed
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
            % {"when": _when(session.booking_deadline)},
            code="deadline",
        )


def check_no_conflict(
    *, teacher, session: CourseSession, ignore: Registration | None = None
) -> None:
    """One open registration per course, none on overlapping sessions."""
    mine = (
        Registration.objects.open()
        .filter(teacher=teacher)
        .select_related("session__course")
    )
    if ignore is not None:
        mine = mine.exclude(pk=ignore.pk)
    # One query for both rules: the same course, or an overlapping session.
    candidates = list(
        mine.filter(
            Q(session__course_id=session.course_id)
            | Q(
                session__state=CourseSession.State.SCHEDULED,
                session__start__lt=session.end,
                session__end__gt=session.start,
            )
        )
    )
    same_course = next(
        (r for r in candidates if r.session.course_id == session.course_id), None
    )
    if same_course is not None:
        if same_course.session_id == session.pk:
            raise BookingError(
                _("You have already booked this session."), code="already_booked"
            )
        raise BookingError(
            _(
                "You already hold a registration for this course on %(when)s. "
                "Cancel it first if you want to change the date."
            )
            % {"when": _when(same_course.session.start)},
            code="same_course",
        )
    overlapping = next(iter(candidates), None)
    if overlapping is not None:
        raise BookingError(
            _(
                "This session overlaps with “%(course)s” on %(when)s, which you "
                "have booked. Please choose another date."
            )
            % {
                "course": overlapping.session.course.title,
                "when": _when(overlapping.session.start),
            },
            code="overlap",
        )


def _check_contingent(session: CourseSession, teacher, now: datetime) -> None:
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
            % {"seats": contingent.seats_per_school, "when": _when(contingent.until)},
            code="contingent",
        )


def book_session(*, session: CourseSession, teacher) -> Registration:
    """Book a seat for a teacher, or put her on the waiting list when it is full.

    Refused (BookingError) when the teacher has no school or no verified e-mail,
    the session is cancelled, started or past its booking deadline, she already
    holds an open registration for this course, the session overlaps with one she
    booked, or her school has used its contingent while seats are still free.
    """
    check_teacher_may_book(teacher)
    with locked_sessions(session.pk) as sessions:
        session = sessions[session.pk]
        now = timezone.now()
        check_session_bookable(session, now)
        check_no_conflict(teacher=teacher, session=session)
        _promoted, confirmed = _fill_free_seats(session, by=teacher, now=now)
        has_seat = confirmed < session.capacity
        if has_seat:
            _check_contingent(session, teacher, now)
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    session=session,
                    teacher=teacher,
                    school_id=teacher.school_id,
                    status=Status.CONFIRMED if has_seat else Status.WAITLISTED,
                    waitlisted_at=None if has_seat else now,
                )
        except IntegrityError as error:
            raise BookingError(
                _("You have already booked this session."), code="already_booked"
            ) from error
        record_event(
            session=session,
            registration=registration,
            action=Action.BOOKED if has_seat else Action.WAITLISTED,
            actor=teacher,
        )
        booking_mail.on_commit(booking_mail.notify_booked, registration)
    return registration


def _lock_registration(
    registration: Registration, sessions: dict[int, CourseSession]
) -> Registration:
    fresh = Registration.objects.select_related("teacher").get(pk=registration.pk)
    fresh.session = sessions[fresh.session_id]
    return fresh


def _check_actor(registration: Registration, by) -> bool:
    """True when `by` acts as trainer/administrator; the teacher herself is False."""
    if by.pk == registration.teacher_id:
        return False
    if can_run_session(by, registration.session):
        return True
    raise PermissionDenied


def cancel_registration(*, registration: Registration, by) -> Registration:
    """Cancel a confirmed seat (or leave the waiting list) and pass the seat on.

    The teacher may cancel until the cancellation deadline; after it she is told to
    contact the trainer, who (like an administrator) may still cancel for her. The
    freed seat goes to the first on the waiting list in the same transaction.
    """
    with locked_sessions(registration.session_id) as sessions:
        registration = _lock_registration(registration, sessions)
        session = registration.session
        if registration.status == Status.WAITLISTED:
            return _leave_waiting_list(registration, by)
        as_staff = _check_actor(registration, by)
        if registration.status != Status.CONFIRMED:
            raise BookingError(
                _("This registration is not active any more."), code="not_active"
            )
        now = timezone.now()
        if session.start <= now:
            raise BookingError(
                _("This session has already started; it can not be cancelled now."),
                code="over",
            )
        if not as_staff and now > session.cancellation_deadline:
            raise BookingError(_deadline_message(session), code="deadline")
        registration.status = Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        record_event(
            session=session,
            registration=registration,
            action=Action.CANCELLED,
            actor=by,
        )
        booking_mail.on_commit(booking_mail.notify_cancelled, registration)
        fill_free_seats(session, by=by, now=now)
    return registration


def _deadline_message(session: CourseSession) -> str:
    trainer = session.trainer
    if trainer is None:
        return _(
            "The cancellation deadline passed on %(when)s. Please write to the "
            "course team if you can not take part."
        ) % {"when": _when(session.cancellation_deadline)}
    return _(
        "The cancellation deadline passed on %(when)s. Please write to your "
        "trainer %(name)s (%(email)s) if you can not take part."
    ) % {
        "when": _when(session.cancellation_deadline),
        "name": trainer.display_name,
        "email": trainer.email,
    }


def _leave_waiting_list(registration: Registration, by) -> Registration:
    _check_actor(registration, by)
    registration.status = Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    record_event(
        session=registration.session,
        registration=registration,
        action=Action.LEFT_WAITLIST,
        actor=by,
    )
    booking_mail.on_commit(booking_mail.notify_cancelled, registration)
    return registration


def leave_waiting_list(*, registration: Registration, by) -> Registration:
    """Leave the waiting list; always possible, whatever the deadlines."""
    with locked_sessions(registration.session_id) as sessions:
        registration = _lock_registration(registration, sessions)
        if registration.status != Status.WAITLISTED:
            raise BookingError(
                _("You are not on the waiting list of this session."),
                code="not_waitlisted",
            )
        return _leave_waiting_list(registration, by)


def promote_from_waiting_list(*, session: CourseSession, by=None) -> list[Registration]:
    """Fill the free seats of a session from its waiting list, first come first served.

    Called by the other functions whenever seats free up; on its own it releases
    seats once a school contingent has run out.
    """
    with locked_sessions(session.pk) as sessions:
        return fill_free_seats(sessions[session.pk], by=by)


def change_capacity(*, session: CourseSession, capacity: int, by) -> list[Registration]:
    """Set the number of seats; never below the confirmed participants.

    Raising it promotes from the waiting list at once. Returns the promoted.
    """
    with locked_sessions(session.pk) as sessions:
        session = sessions[session.pk]
        if not can_run_session(by, session):
            raise PermissionDenied
        confirmed = session.registrations.confirmed().count()
        if capacity < max(confirmed, 1):
            raise BookingError(
                ngettext(
                    "%(count)d teacher is confirmed, so the session needs at least "
                    "%(count)d seat.",
                    "%(count)d teachers are confirmed, so the session needs at least "
                    "%(count)d seats.",
                    confirmed,
                )
                % {"count": confirmed}
                if confirmed
                else _("A session needs at least one seat."),
                code="capacity",
            )
        old = session.capacity
        session.capacity = capacity
        session.save(update_fields=["capacity", "updated"])
        record_event(
            session=session,
            action=Action.CAPACITY_CHANGED,
            actor=by,
            detail=f"{old} → {capacity}",
        )
        return fill_free_seats(session, by=by)


# The trainer's side lives in its own module; import it from here as well.
from courses.booking_trainer import (  # noqa: E402
    cancel_session,
    message_participants,
    move_participant,
    record_attendance,
    send_due_reminders,
)

__all__ = [
    "BookingError",
    "book_session",
    "cancel_registration",
    "cancel_session",
    "change_capacity",
    "leave_waiting_list",
    "message_participants",
    "move_participant",
    "promote_from_waiting_list",
    "record_attendance",
    "send_due_reminders",
    "waitlist_position",
]
