"""What booking pages show: read-only queries and per-user flags for templates.

Templates never decide; they get a `SessionActions` per session and lists of
registrations with their flags set here. The queries do not grow with the number
of rows (one query per list, cached per request for the course page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.models import CoursePage, CourseSession, Registration
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


def my_courses(user) -> MyCourses:
    """The teacher's registrations: upcoming, waiting list, past (the latest 100).

    One query for the registrations with their sessions and trainers, one for
    their courses: a single join over registration, session, course page and
    Wagtail page costs PostgreSQL more to plan than to run.
    """
    now = timezone.now()
    shown = [Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED, Status.NO_SHOW]
    courses = CoursePage.objects.defer_streamfields()
    mine = list(
        with_waitlist_position(
            Registration.objects.filter(teacher=user, status__in=shown)
        )
        .select_related("session", "session__trainer")
        .prefetch_related(Prefetch("session__course", queryset=courses))
        .order_by("session__start", "pk")
    )
    upcoming, waiting, past = [], [], []
    for registration in mine:
        session = registration.session
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


class _UserBookings:
    """The user's open registrations and trained courses, loaded once per request."""

    def __init__(self, user) -> None:
        self.by_session: dict[int, Registration] = {}
        self.by_course: dict[int, Registration] = {}
        self.trained_courses: set[int] = set()
        self.trained_sessions: set[int] = set()
        self.is_admin = is_administrator(user)
        if not user.is_authenticated:
            return
        registrations = with_waitlist_position(
            Registration.objects.open().filter(teacher=user).select_related("session")
        )
        for registration in registrations:
            self.by_session[registration.session_id] = registration
            self.by_course[registration.session.course_id] = registration
        if is_trainer(user):
            self.trained_courses = set(
                user.trained_courses.values_list("pk", flat=True)
            )
            self.trained_sessions = set(
                user.trained_sessions.values_list("pk", flat=True)
            )


def session_actions(request, session: CourseSession) -> SessionActions:
    """The booking state of a session for the request's user."""
    user = request.user
    cache = getattr(request, "_booking_cache", None)
    if cache is None:
        cache = request._booking_cache = _UserBookings(user)
    now = timezone.now()
    actions = SessionActions(
        registration=cache.by_session.get(session.pk),
        can_run=cache.is_admin
        or session.course_id in cache.trained_courses
        or session.pk in cache.trained_sessions,
        is_full=session.free_seats <= 0,
    )
    other = cache.by_course.get(session.course_id)
    if other is not None and other.session_id != session.pk:
        actions.other_registration = other
    if session.state == CourseSession.State.CANCELLED:
        actions.state = "cancelled"
    elif session.start <= now:
        actions.state = "over"
    elif actions.registration is not None:
        actions.state = "registered"
    elif session.booking_deadline and now > session.booking_deadline:
        actions.state = "closed"
    elif not user.is_authenticated:
        actions.state = "anonymous"
    elif not is_school_member(user):
        actions.state = "not_teacher"
    else:
        actions.state = "open"
    return actions
