"""Rules for scheduling sessions of a course (used by the CMS forms and tests)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext

from courses.models import CourseSession, Registration


def confirmed_participants(*, session: CourseSession) -> int:
    """How many confirmed registrations a saved session holds (0 for a new one)."""
    if session.pk is None:
        return 0
    return session.registrations.filter(status=Registration.Status.CONFIRMED).count()


def check_capacity(*, session: CourseSession, capacity: int) -> None:
    """Capacity may not drop below the confirmed participants of the session.

    Raises a ValidationError that names the number, so the trainer knows the floor.
    """
    confirmed = confirmed_participants(session=session)
    if capacity < confirmed:
        raise ValidationError(
            ngettext(
                "%(count)d participant is confirmed for this session, so it needs "
                "at least %(count)d seat. Cancel registrations first to go lower.",
                "%(count)d participants are confirmed for this session, so it needs "
                "at least %(count)d seats. Cancel registrations first to go lower.",
                confirmed,
            )
            % {"count": confirmed},
            code="capacity_below_confirmed",
        )


def can_delete_session(*, session: CourseSession) -> bool:
    """Only a session nobody ever registered for can be deleted; else cancel it."""
    return not session.registrations.exists()


@transaction.atomic
def apply_seats_and_state(
    *, session: CourseSession, capacity: int, state: str, by
) -> CourseSession:
    """Apply a new capacity and state through the booking rules.

    More seats fill from the waiting list at once, cancelling tells every registered
    teacher (both in `courses.booking`); re-opening a cancelled session only sets the
    state (its registrations stay cancelled).
    """
    from courses import booking

    if capacity != session.capacity:
        booking.change_capacity(session=session, capacity=capacity, by=by)
    if state != session.state:
        if state == CourseSession.State.CANCELLED:
            booking.cancel_session(session=session, by=by)
        else:
            session.state = state
            session.save(update_fields=["state", "updated"])
    session.refresh_from_db()
    return session
