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
`courses/booking_trainer.py`; both use `courses/booking_rules.py`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses import booking_mail
from courses.booking_rules import (
    BookingError,
    check_contingent,
    check_no_conflict,
    check_session_bookable,
    check_teacher_may_book,
    fill_free_seats,
    fill_free_seats_and_count,
    format_when,
    lock_teacher,
    locked_sessions,
    record_event,
    waitlist_position,
)
from courses.cache import renew_catalogue_if_shown, seats_checked_by_caller
from courses.models import BookingEvent, CourseSession, Registration
from courses.permissions import can_run_session

Status = Registration.Status
Action = BookingEvent.Action


def book_session(*, session: CourseSession, teacher) -> Registration:
    """Book a seat for a teacher, or put her on the waiting list when it is full.

    Refused (BookingError) when the teacher has no school or no verified e-mail,
    the session is cancelled, started or past its booking deadline, she already
    holds an open registration for this course, the session overlaps with one she
    booked, or her school has used its contingent while seats are still free.

    The rules are checked once before the session is locked, so that a refused
    booking (most often a second click) opens no transaction, and again inside
    the locks of the session and the teacher, on the rows as they are then: two
    bookings of one teacher at the same moment never both pass.
    """
    check_teacher_may_book(teacher)
    check_session_bookable(session, timezone.now())
    check_no_conflict(teacher=teacher, session=session)
    try:
        with locked_sessions(session.pk) as sessions, seats_checked_by_caller():
            session = sessions[session.pk]
            lock_teacher(teacher)
            now = timezone.now()
            check_session_bookable(session, now)
            check_no_conflict(teacher=teacher, session=session)
            promoted, confirmed = fill_free_seats_and_count(
                session, by=teacher, now=now
            )
            has_seat = confirmed < session.capacity
            if has_seat:
                check_contingent(session, teacher, now)
            # No savepoint: a unique-constraint clash (a double click that raced
            # past the check above) rolls the whole transaction back, below.
            registration = Registration.objects.create(
                session=session,
                teacher=teacher,
                school_id=teacher.school_id,
                status=Status.CONFIRMED if has_seat else Status.WAITLISTED,
                waitlisted_at=None if has_seat else now,
            )
            record_event(
                session=session,
                registration=registration,
                action=Action.BOOKED if has_seat else Action.WAITLISTED,
                actor=teacher,
            )
            booking_mail.on_commit(booking_mail.notify_booked, registration)
            renew_catalogue_if_shown(
                session,
                confirmed_before=confirmed - len(promoted),
                confirmed_after=confirmed + int(has_seat),
            )
    except IntegrityError as error:
        raise BookingError(
            _("You have already booked this session."), code="already_booked"
        ) from error
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
    with (
        locked_sessions(registration.session_id) as sessions,
        seats_checked_by_caller(),
    ):
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
        promoted, confirmed = fill_free_seats_and_count(session, by=by, now=now)
        renew_catalogue_if_shown(
            session,
            confirmed_before=confirmed - len(promoted) + 1,
            confirmed_after=confirmed,
        )
    return registration


def _deadline_message(session: CourseSession) -> str:
    trainer = session.trainer
    if trainer is None:
        return _(
            "The cancellation deadline passed on %(when)s. Please write to the "
            "course team if you can not take part."
        ) % {"when": format_when(session.cancellation_deadline)}
    return _(
        "The cancellation deadline passed on %(when)s. Please write to your "
        "trainer %(name)s (%(email)s) if you can not take part."
    ) % {
        "when": format_when(session.cancellation_deadline),
        "name": trainer.display_name,
        "email": trainer.email,
    }


def _leave_waiting_list(registration: Registration, by) -> Registration:
    """Call with the session locked and `seats_checked_by_caller()`: no seat
    changes hands, so the catalogue stays as it is."""
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
    with (
        locked_sessions(registration.session_id) as sessions,
        seats_checked_by_caller(),
    ):
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
    with locked_sessions(session.pk) as sessions, seats_checked_by_caller():
        session, now = sessions[session.pk], timezone.now()
        promoted, confirmed = fill_free_seats_and_count(session, by=by, now=now)
        renew_catalogue_if_shown(
            session,
            confirmed_before=confirmed - len(promoted),
            confirmed_after=confirmed,
        )
        return promoted


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
