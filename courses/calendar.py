"""Calendar files (iCalendar, RFC 5545) for bookings and the personal feed.

One event per session, with a UID that never changes (`course-session-<pk>@<host>`),
so a calendar app updates the event it already has instead of adding a copy when a
teacher downloads the file again or subscribes to her feed. Times carry the
Europe/Berlin zone with its VTIMEZONE, so summer time is right in every app.

The online meeting link is written only into the file of a confirmed participant:
a wait-listed teacher's file says that the link follows once she has a seat.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

if TYPE_CHECKING:
    from courses.models import Registration

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//Schulportal//Fortbildungen//DE"


def course_link(course) -> str:
    """The absolute address of a course page, on the portal's own SITE_URL."""
    url = course.get_url() or "/"
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def session_uid(session) -> str:
    """The stable UID of a session's event, the same in every file and feed."""
    host = urlsplit(settings.SITE_URL).hostname or "schulportal.invalid"
    return f"course-session-{session.pk}@{host}"


def _event_status(registration: Registration) -> str:
    from courses.models import CourseSession, Registration

    if registration.session.state == CourseSession.State.CANCELLED:
        return "CANCELLED"
    if registration.status == Registration.Status.CANCELLED:
        return "CANCELLED"
    if registration.status == Registration.Status.WAITLISTED:
        return "TENTATIVE"
    return "CONFIRMED"


def _description(registration: Registration, course_url: str) -> str:
    from courses.models import Registration

    session = registration.session
    lines = [strip_tags(session.course.teaser)]
    if registration.status == Registration.Status.CONFIRMED and session.meeting_url:
        lines += ["", _("Online meeting: %(url)s") % {"url": session.meeting_url}]
    elif registration.status == Registration.Status.WAITLISTED:
        lines += [
            "",
            _(
                "You are on the waiting list. The meeting link follows by e-mail "
                "as soon as you have a seat."
            ),
        ]
    if session.trainer_id:
        lines += ["", _("Trainer: %(name)s") % {"name": session.trainer.display_name}]
    lines += ["", course_url]
    return "\n".join(lines)


def build_event(registration: Registration, *, stamp: datetime | None = None) -> Event:
    """The VEVENT of one registration's session, as this teacher may see it."""
    from courses.models import Registration

    session = registration.session
    course_url = course_link(session.course)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", stamp or timezone.now())
    event.add("last-modified", session.updated)
    # SEQUENCE grows with every change of the session, so apps take the new times.
    event.add("sequence", int(session.updated.timestamp()))
    event.add("dtstart", session.start.astimezone(BERLIN))
    event.add("dtend", session.end.astimezone(BERLIN))
    event.add("summary", session.course.title)
    event.add("description", _description(registration, course_url))
    event.add("url", course_url)
    event.add("status", _event_status(registration))
    confirmed = registration.status == Registration.Status.CONFIRMED
    event.add(
        "location",
        session.meeting_url if confirmed and session.meeting_url else "Online",
    )
    return event


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Berlin")
    return cal


@cache
def _vtimezone(tzid: str) -> Timezone | None:
    try:
        return Timezone.from_tzid(tzid)
    except ValueError:  # a zone icalendar does not know: left out, as it does
        return None


def _add_timezones(cal: Calendar) -> None:
    """`Calendar.add_missing_timezones()`, with each VTIMEZONE built once per
    process: building one walks the zone's transitions over decades (several
    milliseconds). The kept component is only ever serialised, never changed."""
    position = len(cal.timezones)
    for tzid in cal.get_missing_tzids():
        vtimezone = _vtimezone(tzid)
        if vtimezone is not None:
            cal.subcomponents.insert(position, vtimezone)
            position += 1


def registration_calendar(registration: Registration, *, language: str = "") -> bytes:
    """An .ics file with the one session of a registration."""
    with translation.override(language or registration.teacher.preferred_language):
        cal = _calendar(registration.session.course.title)
        cal.add_component(build_event(registration))
    _add_timezones(cal)
    return cal.to_ical()


def feed_calendar(
    *, teacher, registrations: Iterable[Registration], language: str = ""
) -> bytes:
    """The personal subscription feed: every session the teacher is or was booked on."""
    stamp = timezone.now()
    with translation.override(language or teacher.preferred_language):
        cal = _calendar(
            _("My courses – %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}
        )
        cal.add("refresh-interval;value=duration", "PT6H")
        for registration in registrations:
            cal.add_component(build_event(registration, stamp=stamp))
    _add_timezones(cal)
    return cal.to_ical()
