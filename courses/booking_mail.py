"""The e-mails of booking, in the recipient's language, sent after commit.

Only a confirmed participant's e-mail and calendar file carry the meeting link;
the templates receive `meeting_url` only then. Templates live in
`courses/templates/courses/emails/`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from courses.calendar import course_link, registration_calendar
from portal.emails import send_templated_email

if TYPE_CHECKING:
    from courses.models import CourseSession, Registration

logger = logging.getLogger(__name__)


def on_commit(func: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    """Run a notification after the transaction commits; its errors are only logged."""
    transaction.on_commit(lambda: func(*args, **kwargs), robust=True)


def _context(registration: Registration, **extra: Any) -> dict[str, Any]:
    session = registration.session
    confirmed = registration.status == registration.Status.CONFIRMED
    return {
        "registration": registration,
        "teacher": registration.teacher,
        "session": session,
        "course": session.course,
        "course_url": course_link(session.course),
        "my_courses_url": settings.SITE_URL + reverse("courses:my_courses"),
        "trainer": session.trainer,
        "meeting_url": session.meeting_url if confirmed else "",
        **extra,
    }


def _ics(registration: Registration) -> list[tuple[str, str, str]]:
    content = registration_calendar(registration).decode()
    return [(f"fortbildung-{registration.session_id}.ics", content, "text/calendar")]


def _send(
    registration: Registration, template: str, *, ics: bool = False, **extra: Any
) -> None:
    teacher = registration.teacher
    send_templated_email(
        to=teacher.email,
        template=f"courses/emails/{template}",
        context=_context(registration, **extra),
        language=teacher.preferred_language,
        attachments=_ics(registration) if ics else None,
    )


def notify_booked(registration: Registration) -> None:
    """Confirmation with the calendar file, or the place on the waiting list."""
    if registration.status == registration.Status.CONFIRMED:
        _send(registration, "booking_confirmed", ics=True)
    else:
        from courses.booking import waitlist_position

        # Kept on the object: the view that booked tells the same number.
        registration.waitlist_position = waitlist_position(registration)
        _send(registration, "waitlisted", position=registration.waitlist_position)


def notify_promoted(registration: Registration) -> None:
    _send(registration, "promoted", ics=True)


def notify_cancelled(registration: Registration) -> None:
    """Confirms a cancellation or leaving the waiting list."""
    _send(registration, "cancelled")


def notify_session_cancelled(registration: Registration, *, reason: str) -> None:
    _send(registration, "session_cancelled", ics=True, reason=reason)


def notify_moved(registration: Registration, *, old_session: CourseSession) -> None:
    _send(registration, "moved", ics=True, old_session=old_session)


def notify_reminder(registration: Registration) -> None:
    _send(registration, "reminder", ics=True)


def send_trainer_message(
    registration: Registration, *, subject: str, body: str, sender
) -> None:
    """A trainer's message, one e-mail per participant (no shared address list)."""
    _send(registration, "trainer_message", subject=subject, body=body, sender=sender)
