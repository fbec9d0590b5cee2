""" "My courses" lists, written in Python from the registrations that
`courses.booking_display.my_courses` prepared.

Through the template engine each card cost about a quarter of a millisecond:
date and time filters, URL reversals, translations and some twenty variable
lookups, each with the engine's context machinery, for lists that teachers open
more than any other page of theirs. These functions write the markup of the
templates in `courses/booking/includes/` (`my_upcoming.html`, `my_waiting.html`,
`my_past_rows.html`) byte for byte, tested against those templates in both
languages. Change a template and this module together; the test says where
they differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import lru_cache
from html import escape

from django.utils import dateformat, formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from courses.models import Registration
from portal.kept import Kept
from portal.markup import ISO_FORMAT, label, labels, paths

UPCOMING = (
    '\n  <li class="card">\n'
    '    <h3 class="card__title"><a href="{course_url}">{title}</a></h3>\n'
    "    <p>{when}</p>\n"
    "    {trainer}\n"
    "    {meeting}\n"
    '    <p class="actions">\n'
    '      <a href="{ics_url}">{add_to_calendar}</a>\n'
    "      {cancel}\n"
    "    </p>\n"
    "  </li>\n"
)
WAITING = (
    '\n  <li class="card">\n'
    '    <h3 class="card__title"><a href="{course_url}">{title}</a></h3>\n'
    "    <p>{when}</p>\n"
    '    <p><span class="badge badge--warn">{position}</span></p>\n'
    '    <p class="muted">{automatic}</p>\n'
    '    <p class="actions"><a class="button button--secondary" href="{cancel_url}">'
    "{leave}</a></p>\n"
    "  </li>\n"
)
PAST = (
    "\n  <tr>\n"
    '    <td><a href="{course_url}">{title}</a></td>\n'
    "    <td>{day}</td>\n"
    "    <td>{attendance}</td>\n"
    "    <td>{certificate}</td>\n"
    "  </tr>\n  "
)


def upcoming_html(registrations: Iterable[Registration]) -> SafeString:
    """The cards of `my_courses().upcoming`."""
    texts = _texts(get_language())
    ics_url = _pk_urls("courses:registration_ics")
    cancel_url = _pk_urls("courses:cancel_registration")
    html = []
    for registration in registrations:
        session = registration.session
        trainer = ""
        if session.trainer_id is not None:
            name = escape(session.trainer.display_name)
            trainer = f'<p class="muted">{texts.trainer} {name}</p>'
        meeting = ""
        if registration.show_meeting_link:
            meeting = (
                f'\n    <p><a class="button" href="{escape(session.meeting_url)}"'
                f' rel="noopener">{texts.join}</a></p>\n    '
            )
        elif session.meeting_url:
            when = _shown(registration.meeting_link_opens, "j. F, H:i")
            appears = texts.link_appears % {"when": when}
            meeting = f'\n    <p class="muted">{appears}</p>\n    '
        if registration.can_cancel:
            cancel = (
                '<a class="button button--secondary" '
                f'href="{cancel_url(registration.pk)}">{texts.cancel}</a>'
            )
        else:
            cancel = f'<span class="muted">{texts.deadline_passed}</span>'
        html.append(
            UPCOMING.format(
                **_course(registration),
                when=_when(session.start, session.end),
                trainer=trainer,
                meeting=meeting,
                ics_url=ics_url(registration.pk),
                add_to_calendar=texts.add_to_calendar,
                cancel=cancel,
            )
        )
    return SafeString("".join(html))


def waiting_html(registrations: Iterable[Registration]) -> SafeString:
    """The cards of `my_courses().waiting`."""
    texts = _texts(get_language())
    cancel_url = _pk_urls("courses:cancel_registration")
    return SafeString(
        "".join(
            WAITING.format(
                **_course(registration),
                when=_when(registration.session.start, registration.session.end),
                position=texts.position
                % {"position": _number(registration.waitlist_position)},
                automatic=texts.automatic,
                cancel_url=cancel_url(registration.pk),
                leave=texts.leave,
            )
            for registration in registrations
        )
    )


def past_rows_html(registrations: Iterable[Registration]) -> SafeString:
    """The table rows of `my_courses().past`."""
    texts = _texts(get_language())
    certificate_url = _pk_urls("courses:certificate")
    statuses = labels(Registration.Status)
    html = []
    for registration in registrations:
        course = _course(registration)
        status = label(statuses, registration.status)
        certificate = "–"
        if registration.is_attended:
            attendance = f'<span class="badge badge--ok">{status}</span>'
            certificate = (
                f'<a href="{certificate_url(registration.pk)}">{texts.download}'
                f'<span class="visually-hidden"> – {course["title"]}</span></a>'
            )
        elif registration.is_confirmed:
            attendance = f'<span class="muted">{texts.not_recorded}</span>'
        else:
            attendance = status
        html.append(
            PAST.format(
                **course,
                day=_shown(registration.session.start, "j. F Y"),
                attendance=attendance,
                certificate=certificate,
            )
        )
    return SafeString("".join(html))


def _number(value: int) -> str:
    """A number as the template prints it."""
    return escape(formats.localize(value))


def _course(registration: Registration) -> dict[str, str]:
    """The escaped address and title of the registration's course (`.course`,
    a `courses.links.CourseLink`), as the template prints them."""
    return {
        "course_url": escape(str(registration.course.url)),
        "title": escape(registration.course.title),
    }


class _Texts:
    """The lists' words in one language, escaped as the template prints them."""

    def __init__(self) -> None:
        self.trainer = escape(gettext("Trainer:"))
        self.join = escape(gettext("Join the online meeting"))
        # blocktranslate escapes the values it puts in, not the words.
        self.link_appears = gettext(
            "The meeting link appears here from %(when)s; it is also in your "
            "confirmation e-mail."
        )
        self.add_to_calendar = escape(gettext("Add to calendar (.ics)"))
        self.cancel = escape(gettext("Cancel booking"))
        self.deadline_passed = escape(gettext("The cancellation deadline has passed."))
        self.position = gettext("Position %(position)s on the waiting list")
        self.automatic = escape(
            gettext(
                "When a seat becomes free you get it automatically and we tell "
                "you by e-mail."
            )
        )
        self.leave = escape(gettext("Leave the waiting list"))
        self.not_recorded = escape(gettext("not recorded yet"))
        self.download = escape(gettext("Download PDF"))


@lru_cache(maxsize=16)
def _texts(language: str | None) -> _Texts:
    """The words in the current language, whose code is the cache's key."""
    return _Texts()


def _pk_urls(url_name: str) -> Callable[[int], str]:
    """The escaped path of `url_name` for a registration's pk, as `{% url %}`
    gives it."""
    path = paths(url_name, "987654321")
    return lambda pk: escape(path(pk))


#: Times as the templates show them, by time(s), format, language and time zone:
#: a session's times are the same for all its participants.
_shown_times: Kept[str] = Kept(4000)


def _shown(value: dt.datetime, django_format: str) -> str:
    """`value|date:django_format` in the current language and time zone,
    escaped."""
    zone = timezone.get_current_timezone()
    return _shown_times.get(
        (value, django_format, get_language(), zone),
        lambda: escape(dateformat.format(value.astimezone(zone), django_format)),
    )


def _when(start: dt.datetime, end: dt.datetime) -> str:
    """A session's date and times as the cards show them."""
    zone = timezone.get_current_timezone()
    return _shown_times.get(
        (start, end, get_language(), zone),
        lambda: _draw_when(start.astimezone(zone), end.astimezone(zone)),
    )


def _draw_when(start: dt.datetime, end: dt.datetime) -> str:
    day = escape(dateformat.format(start, "l, j. F Y"))
    return (
        f'<time datetime="{start.strftime(ISO_FORMAT)}">{day}</time>, '
        f"{start.strftime('%H:%M')}–{end.strftime('%H:%M')}"
    )
