"""What booking pages show: read-only queries and per-user flags for templates.

Templates never decide; they get a `SessionActions` per session and lists of
registrations with their flags set here. The queries do not grow with the number
of rows (one query per list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.booking_rules import waitlist_position
from courses.fragments import SessionFacts
from courses.links import course_links
from courses.models import CoursePage, CourseSession, Registration
from courses.permissions import holds_participant_registration
from portal import kept_sql
from portal.accounts.shown_names import PEOPLE
from portal.derived import Generation, cached_across, forget_all, on_save_or_delete
from portal.permissions import is_administrator, is_school_member, is_trainer

Status = Registration.Status


def with_waitlist_position(queryset):
    """Annotate `waitlist_position` (1 = next to get a seat) in the same query."""
    ahead = (
        Registration.objects.filter(
            session_id=OuterRef("session_id"), status=Status.WAITLISTED
        )
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(waitlist_position=Coalesce(Subquery(ahead), Value(0)) + 1)


def meeting_link_opens(session: CourseSession):
    minutes = int(settings.COURSES_MEETING_LINK_MINUTES_BEFORE)
    return session.start - timedelta(minutes=minutes)


@dataclass
class MyCourses:
    upcoming: list[Registration]
    waiting: list[Registration]
    past: list[Registration]


def _registrations_of(teacher_id: int) -> Generation:
    """A teacher's registrations: new after any of them is saved or deleted,
    and after `forget_registrations_of` (writes that send no signal)."""
    return Generation(f"courses:registrations-of:{teacher_id}", timeout=7 * 24 * 3600)


#: Every session: new after any of them is saved or deleted.
SESSIONS = Generation("courses:all-sessions")

SHOWN = [Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED, Status.NO_SHOW]


def _read_registrations(user) -> list[Registration]:
    return list(
        Registration.objects.filter(teacher=user, status__in=SHOWN)
        .select_related("session", "session__trainer")
        # What the page shows: fewer columns cost less to ask for and to load.
        .only(
            "status",
            "session__start",
            "session__end",
            "session__state",
            "session__meeting_url",
            "session__cancellation_deadline",
            "session__course_id",
            "session__trainer__full_name",
            "session__trainer__email",
            "session__trainer__is_anonymised",
        )
        .order_by("session__start", "pk")
    )


def kept_registrations(user) -> list[Registration]:
    """The teacher's shown registrations with their sessions and trainers,
    oldest session first: one query, kept until one of her registrations, any
    session or a shown name changes. What depends on the time (over, link
    open, cancellable) is judged by `my_courses` on every visit."""
    return cached_across(*kept_mine(user), lambda: _read_registrations(user))


def kept_mine(user):
    """What `kept_registrations(user)` reads (`portal.derived.read_together`)."""
    return [_registrations_of(user.pk), SESSIONS, PEOPLE], "mine"


def forget_registrations_of(teacher_ids) -> None:
    """These teachers' registrations changed without a model signal."""
    forget_all(_registrations_of(teacher_id) for teacher_id in teacher_ids)


def _on_registration_change(instance=None, **_kwargs) -> None:
    _registrations_of(instance.teacher_id).forget()


def connect_signals() -> None:
    on_save_or_delete(
        _on_registration_change, Registration, uid="registrations-of-teacher"
    )
    on_save_or_delete(SESSIONS.forget, CourseSession, uid="courses-sessions")


def my_courses(user) -> MyCourses:
    """The teacher's registrations: upcoming, waiting list, past (the latest 100).

    The registrations with their sessions and trainers are kept
    (`kept_registrations`); course titles and addresses come from
    `courses.links` (the pages change seldom), waiting-list positions from one
    query, only when she waits somewhere.
    """
    now = timezone.now()
    mine = kept_registrations(user)
    links = course_links(r.session.course_id for r in mine) if mine else {}
    upcoming, waiting, past = [], [], []
    for registration in mine:
        session = registration.session
        registration.course = links[session.course_id]
        is_over = session.end <= now
        if registration.status == Status.WAITLISTED:
            if not is_over:
                waiting.append(registration)
        elif registration.status != Status.CONFIRMED or is_over:
            past.append(registration)
        elif session.state == CourseSession.State.SCHEDULED:
            registration.meeting_link_opens = meeting_link_opens(session)
            registration.show_meeting_link = bool(session.meeting_url) and (
                registration.meeting_link_opens <= now < session.end
            )
            registration.can_cancel = now <= session.cancellation_deadline
            upcoming.append(registration)
    if waiting:
        positions = dict(
            with_waitlist_position(
                Registration.objects.filter(pk__in=[r.pk for r in waiting])
            ).values_list("pk", "waitlist_position")
        )
        for registration in waiting:
            registration.waitlist_position = positions[registration.pk]
    past.reverse()
    return MyCourses(upcoming=upcoming, waiting=waiting, past=past[:100])


@dataclass
class SessionActions:
    """What the booking box of one session offers this user."""

    registration: Registration | None = None
    other_registration: Registration | None = None
    state: str = ""  # closed, cancelled, over, anonymous, not_teacher, open
    is_full: bool = False
    can_run: bool = False


@dataclass
class CourseBookings:
    """The user's registrations on one course and her rights on its sessions.

    Read once per course page: one query for the registrations (plus one per
    waiting list she is on, for her position), one for trainers only.
    """

    registrations: list[Registration] = field(default_factory=list)
    #: Open (confirmed or wait-listed) registrations by session.
    by_session: dict[int, Registration] = field(default_factory=dict)
    #: Her open registration on the course; the rules allow at most one.
    open_registration: Registration | None = None
    is_authenticated: bool = False
    is_school_member: bool = False
    is_admin: bool = False
    is_trainer: bool = False
    trains_course: bool = False
    user_pk: int | None = None

    @property
    def is_participant(self) -> bool:
        return holds_participant_registration(self.registrations)


def course_bookings(user, course: CoursePage, sessions) -> CourseBookings:
    """What the course page needs to know of the user's bookings on this course.

    `sessions` are the facts of all sessions of the course (`course_sessions_part`):
    their ids spare the query a join, which PostgreSQL takes longer to plan than
    to run.
    """
    bookings = CourseBookings(is_admin=is_administrator(user))
    if not user.is_authenticated:
        return bookings
    bookings.is_authenticated = True
    bookings.user_pk = user.pk
    bookings.is_school_member = is_school_member(user)
    starts = {session.pk: session.start for session in sessions}
    # Read on every visit of every teacher: its SQL is kept per number of
    # sessions (`portal.kept_sql`).
    rows = (
        kept_sql.value_rows(
            ("course-bookings", len(starts)), _registrations, user.pk, *starts
        )
        if starts
        else ()
    )
    for row in rows:
        session_id, status = row["session_id"], row["status"]
        registration = Registration(
            pk=row["pk"],
            session_id=session_id,
            teacher_id=user.pk,
            status=status,
            waitlisted_at=row["waitlisted_at"],
        )
        registration.session_start = starts[session_id]
        bookings.registrations.append(registration)
        if status in Registration.OPEN_STATUSES:
            if status == Status.WAITLISTED:
                registration.waitlist_position = waitlist_position(registration)
            bookings.by_session[session_id] = registration
            bookings.open_registration = registration
    if is_trainer(user):
        bookings.is_trainer = True
        bookings.trains_course = course.trainers.filter(pk=user.pk).exists()
    return bookings


def _registrations(teacher_id: int, *session_ids: int):
    """A teacher's active registrations on these sessions, oldest first."""
    return (
        Registration.objects.filter(
            teacher_id=teacher_id,
            session_id__in=session_ids,
            status__in=Registration.ACTIVE_STATUSES,
        )
        .order_by("created_at", "pk")
        .values("pk", "session_id", "status", "waitlisted_at")
    )


def open_actions(session: SessionFacts) -> SessionActions:
    """The box of a teacher who may book the session and has no other date of it."""
    return SessionActions(state="open", is_full=session.free_seats <= 0)


def session_actions(
    bookings: CourseBookings, session: SessionFacts, now: datetime
) -> SessionActions:
    """The booking state of a session for the user of `bookings`."""
    actions = SessionActions(
        registration=bookings.by_session.get(session.pk),
        can_run=bookings.is_admin
        or bookings.trains_course
        or (bookings.is_trainer and session.trainer_id == bookings.user_pk),
        is_full=session.free_seats <= 0,
    )
    other = bookings.open_registration
    if other is not None and other.session_id != session.pk:
        actions.other_registration = other
    if session.is_cancelled:
        actions.state = "cancelled"
    elif session.start <= now:
        actions.state = "over"
    elif actions.registration is not None:
        actions.state = "registered"
    elif session.booking_deadline and now > session.booking_deadline:
        actions.state = "closed"
    elif not bookings.is_authenticated:
        actions.state = "anonymous"
    elif not bookings.is_school_member:
        actions.state = "not_teacher"
    else:
        actions.state = "open"
    return actions
