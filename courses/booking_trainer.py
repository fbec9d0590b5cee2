"""Booking rules on the trainer's side: cancel a session, move a participant,
record attendance, message participants, and the reminder run.

Same pattern as `courses/booking.py` (which re-exports these): session rows locked
in one transaction, a BookingEvent per change, e-mails after commit.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import booking_mail
from courses.booking_display import forget_registrations_of
from courses.booking_rules import (
    BookingError,
    check_no_conflict,
    fill_free_seats,
    lock_teacher,
    locked_sessions,
    record_event,
)
from courses.models import BookingEvent, CourseSession, Registration
from courses.permissions import can_run_session

Status = Registration.Status
Action = BookingEvent.Action
#: Letters and digits that can not be mistaken for one another when typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _require_trainer(by, session: CourseSession) -> None:
    if not can_run_session(by, session):
        raise PermissionDenied


def cancel_session(*, session: CourseSession, by, reason: str = "") -> int:
    """Cancel a session: every open registration is cancelled and told by e-mail.

    Returns how many teachers were told. A session that is over can not be
    cancelled, one already cancelled not again.
    """
    with locked_sessions(session.pk) as sessions:
        session = sessions[session.pk]
        _require_trainer(by, session)
        if session.state == CourseSession.State.CANCELLED:
            raise BookingError(_("This session is already cancelled."))
        if session.end <= timezone.now():
            raise BookingError(_("This session is over; it can not be cancelled."))
        session.state = CourseSession.State.CANCELLED
        session.save(update_fields=["state", "updated"])
        record_event(
            session=session, action=Action.SESSION_CANCELLED, actor=by, detail=reason
        )
        registrations = list(
            session.registrations.open().select_related("teacher").order_by("pk")
        )
        for registration in registrations:
            registration.status = Status.CANCELLED
            registration.session = session
        Registration.objects.bulk_update(registrations, ["status"])
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
            updated_at=timezone.now()
        )
        # bulk_update() and update() send no signal.
        forget_registrations_of(r.teacher_id for r in registrations)
        BookingEvent.objects.bulk_create(
            BookingEvent(
                session=session,
                registration=registration,
                action=Action.CANCELLED,
                actor=by,
                detail=str(_("Session cancelled")),
            )
            for registration in registrations
        )
        for registration in registrations:
            booking_mail.on_commit(
                booking_mail.notify_session_cancelled, registration, reason=reason
            )
    return len(registrations)


def move_participant(
    *, registration: Registration, to_session: CourseSession, by
) -> Registration:
    """Move a teacher to another session of the same course, which needs a free seat.

    Her old registration is cancelled (its seat goes to the waiting list there);
    a confirmed registration on the new session replaces it. Returns the new one.
    """
    with locked_sessions(registration.session_id, to_session.pk) as sessions:
        old = Registration.objects.select_related("teacher").get(pk=registration.pk)
        old.session = source = sessions[old.session_id]
        target = sessions[to_session.pk]
        _require_trainer(by, source)
        now = timezone.now()
        if old.status not in Registration.OPEN_STATUSES:
            raise BookingError(_("Only confirmed or wait-listed teachers can move."))
        if target.pk == source.pk or target.course_id != source.course_id:
            raise BookingError(_("Choose another session of the same course."))
        if target.state != CourseSession.State.SCHEDULED or target.start <= now:
            raise BookingError(_("The chosen session is cancelled or has started."))
        if target.registrations.confirmed().count() >= target.capacity:
            raise BookingError(
                _(
                    "The chosen session is full. Raise its number of seats first or "
                    "choose another session."
                )
            )
        lock_teacher(old.teacher)
        check_no_conflict(teacher=old.teacher, session=target, ignore=old)
        old.status = Status.CANCELLED
        old.save(update_fields=["status", "updated_at"])
        new = Registration.objects.create(
            session=target,
            teacher=old.teacher,
            school_id=old.school_id,
            status=Status.CONFIRMED,
        )
        detail = f"{source.pk} → {target.pk}"
        for reg, session in ((old, source), (new, target)):
            record_event(
                session=session,
                registration=reg,
                action=Action.MOVED,
                actor=by,
                detail=detail,
            )
        booking_mail.on_commit(booking_mail.notify_moved, new, old_session=source)
        fill_free_seats(source, by=by, now=now)
    return new


def _new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def record_attendance(
    *, session: CourseSession, attended: Mapping[int, bool], by
) -> list[Registration]:
    """Mark confirmed participants as attended or no-show once the session started.

    `attended` maps registration ids to True (attended) or False (no-show); a
    change of mind is allowed. Attended registrations get a certificate code.
    Returns the registrations that changed.
    """
    with locked_sessions(session.pk) as sessions:
        session = sessions[session.pk]
        _require_trainer(by, session)
        if session.state == CourseSession.State.CANCELLED:
            raise BookingError(_("This session was cancelled."))
        if session.start > timezone.now():
            raise BookingError(
                _("Attendance can be recorded once the session has started.")
            )
        marks = (Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)
        changed = []
        for registration in session.registrations.filter(
            pk__in=list(attended), status__in=marks
        ).select_related("teacher"):
            status = Status.ATTENDED if attended[registration.pk] else Status.NO_SHOW
            if registration.status == status:
                continue
            registration.status = status
            registration.session = session
            if status == Status.ATTENDED and not registration.certificate_code:
                registration.certificate_code = _new_certificate_code()
            registration.save(
                update_fields=["status", "certificate_code", "updated_at"]
            )
            record_event(
                session=session,
                registration=registration,
                action=Action.ATTENDED if status == Status.ATTENDED else Action.NO_SHOW,
                actor=by,
            )
            changed.append(registration)
    return changed


def message_participants(
    *,
    session: CourseSession,
    subject: str,
    body: str,
    by,
    include_waitlist: bool = False,
) -> int:
    """E-mail the confirmed participants (and the waiting list, if asked).

    The text is sent as plain text, one e-mail per person. Returns the count.
    """
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise BookingError(_("Please write a subject and a message."))
    statuses = [Status.CONFIRMED, Status.ATTENDED]
    if include_waitlist:
        statuses.append(Status.WAITLISTED)
    with transaction.atomic():
        _require_trainer(by, session)
        recipients = list(
            session.registrations.filter(status__in=statuses).select_related(
                "teacher", "session__course", "session__trainer"
            )
        )
        record_event(
            session=session,
            action=Action.MESSAGE_SENT,
            actor=by,
            detail=f"{subject} ({len(recipients)})",
        )
        for registration in recipients:
            booking_mail.on_commit(
                booking_mail.send_trainer_message,
                registration,
                subject=subject,
                body=body,
                sender=by,
            )
    return len(recipients)


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Remind confirmed participants of sessions that start by the end of tomorrow.

    Idempotent: each registration is marked before its e-mail is queued, by a
    conditional UPDATE, so two runs at once never send the same reminder twice.
    """
    now = now or timezone.now()
    tomorrow_end = timezone.localtime(now).replace(
        hour=0, minute=0, second=0, microsecond=0
    ) + timedelta(days=2)
    due = Registration.objects.with_session().filter(
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        session__state=CourseSession.State.SCHEDULED,
        session__start__gt=now,
        session__start__lt=tomorrow_end,
    )
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            record_event(
                session=registration.session,
                registration=registration,
                action=Action.REMINDER_SENT,
            )
            booking_mail.on_commit(booking_mail.notify_reminder, registration)
            sent += 1
    return sent


def release_waiting_lists(*, now: datetime | None = None) -> int:
    """Promote wherever a seat is free and people wait; returns how many moved up.

    Seats free up outside the booking functions too: a school contingent runs out,
    or the seats were raised in the CMS. Run by `send_session_reminders` (cron).
    """
    from courses.booking import promote_from_waiting_list

    now = now or timezone.now()
    sessions = (
        CourseSession.objects.scheduled()
        .filter(start__gt=now)
        .with_seat_counts()
        .filter(waitlist_count__gt=0, confirmed_count__lt=F("capacity"))
    )
    return sum(len(promote_from_waiting_list(session=s)) for s in sessions)
