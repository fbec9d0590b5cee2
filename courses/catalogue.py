"""Read side of the catalogue: filters, search, listing and the course page context.

The number of queries does not depend on how many courses or sessions there are:
sessions come with one prefetch (seat counts annotated), filters are subqueries.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError
from django.db.models import Case, Prefetch, Q, QuerySet, When
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from courses import permissions
from courses.booking_display import course_bookings
from courses.fragments import course_sessions_part
from courses.models import (
    CourseLevel,
    CoursePage,
    CourseSession,
    CourseTopic,
)
from portal.schools.models import SchoolType

PAGE_SIZE = 12
MONTHS_AHEAD = 6

logger = logging.getLogger(__name__)


def month_choices(today: date | None = None) -> list[tuple[str, str]]:
    """The current month and the next ones as ("2026-11", "November 2026")."""
    today = today or timezone.localdate()
    choices = []
    year, month = today.year, today.month
    for _i in range(MONTHS_AHEAD):
        choices.append((f"{year:04d}-{month:02d}", f"{MONTHS[month]} {year}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters; they live in the query string so views can be shared."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        choices=[("", _("All topics")), *CourseTopic.choices],
    )
    level = forms.ChoiceField(
        label=pgettext_lazy("course", "Level"),
        required=False,
        choices=[("", _("All levels")), *CourseLevel.choices],
    )
    audience = forms.ChoiceField(
        label=_("School type"),
        required=False,
        choices=[("", _("All school types")), *SchoolType.choices],
    )
    month = forms.ChoiceField(label=_("Month"), required=False)
    free = forms.BooleanField(label=_("Only with free seats"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["month"].choices = [("", _("Any month")), *month_choices()]

    def month_range(self) -> tuple[datetime, datetime] | None:
        value = self.cleaned_data.get("month")
        if not value:
            return None
        year, month = (int(part) for part in value.split("-"))
        start = timezone.make_aware(datetime(year, month, 1))  # noqa: DTZ001
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return start, timezone.make_aware(datetime(year, month, 1))  # noqa: DTZ001


def upcoming_sessions() -> QuerySet[CourseSession]:
    """Sessions a visitor can still plan with, earliest first, with seat counts."""
    return (
        CourseSession.objects.upcoming()
        .scheduled()
        .with_seat_counts()
        .select_related("trainer")
    )


def filter_courses(courses: QuerySet[CoursePage], data: dict) -> QuerySet[CoursePage]:
    """Apply the cleaned filter values (except the search) to live courses."""
    if data.get("topic"):
        courses = courses.filter(topic=data["topic"])
    if data.get("level"):
        courses = courses.filter(level=data["level"])
    if data.get("audience"):
        # A course without audience is meant for every school type.
        courses = courses.filter(
            Q(audiences__school_type=data["audience"]) | Q(audiences__isnull=True)
        )
    sessions = None
    if data.get("month_range"):
        start, end = data["month_range"]
        sessions = CourseSession.objects.upcoming().scheduled()
        sessions = sessions.filter(start__gte=start, start__lt=end)
    if data.get("free"):
        if sessions is None:
            sessions = CourseSession.objects.upcoming().scheduled()
        sessions = sessions.with_free_seats()
    if sessions is not None:
        courses = courses.filter(pk__in=sessions.values("course_id"))
    return courses


SEARCH_SYNTAX = re.compile(r"[^\w\s]+")


def search_courses(courses: QuerySet[CoursePage], query: str) -> QuerySet[CoursePage]:
    """Full-text search (Wagtail search backend), ordered by relevance.

    The query is reduced to plain words first: quotes, brackets, colons and the like
    are operators of the database's full-text syntax (SQLite FTS5, PostgreSQL
    tsquery), and a teacher typing `"iPad` must get results, not an error.
    """
    words = " ".join(SEARCH_SYNTAX.sub(" ", query).split())
    if not words:
        return courses
    hits = CoursePage.objects.live().search(words, operator="and")
    try:
        ids = [hit.pk for hit in hits[:200]]
    except DatabaseError:
        logger.warning(
            "Catalogue search failed for a query of %d characters", len(query)
        )
        return courses.none()
    relevance = Case(*[When(pk=pk, then=pos) for pos, pk in enumerate(ids)])
    return courses.filter(pk__in=ids).order_by(relevance) if ids else courses.none()


@dataclass(frozen=True)
class SeatInfo:
    """What the listing says about the next session of a course."""

    label: str
    css: str
    session: CourseSession | None


def seat_info(sessions: list[CourseSession]) -> SeatInfo:
    if not sessions:
        return SeatInfo(str(_("no session scheduled")), "badge", None)
    next_session = sessions[0]
    free = next_session.free_seats
    if free:
        label = ngettext("%(count)d seat free", "%(count)d seats free", free) % {
            "count": free
        }
        return SeatInfo(label, "badge badge--ok", next_session)
    return SeatInfo(
        str(_("fully booked – waiting list")), "badge badge--warn", next_session
    )


def catalogue_queryset(page) -> QuerySet[CoursePage]:
    return (
        CoursePage.objects.live()
        .child_of(page)
        .defer_streamfields()
        .prefetch_related(
            Prefetch("sessions", queryset=upcoming_sessions(), to_attr="upcoming")
        )
        .order_by("title")
    )


def active_filters(form: CatalogueFilterForm) -> list[tuple[str, str]]:
    """(label, URL without this filter) for every filter in use."""
    data = {k: v for k, v in form.cleaned_data.items() if v and k != "page"}
    result = []
    for name, value in data.items():
        field = form.fields[name]
        rest = {k: ("1" if v is True else v) for k, v in data.items() if k != name}
        if isinstance(field, forms.ChoiceField):
            shown = dict(field.choices).get(value, value)
        elif value is True:
            shown = field.label
        else:
            shown = f"„{value}“"
        url = "?" + urlencode(rest) if rest else "?"
        result.append((str(shown), url))
    return result


def catalogue_context(*, page, request) -> dict:
    """Context of the catalogue page: filter form, one page of courses, paging."""
    form = CatalogueFilterForm(request.GET or None)
    courses = catalogue_queryset(page)
    filters_used: list[tuple[str, str]] = []
    if form.is_bound:
        form.is_valid()  # invalid fields show their error; the valid ones still apply
        data = {**form.cleaned_data, "month_range": form.month_range()}
        courses = filter_courses(courses, data)
        if data.get("q"):
            courses = search_courses(courses, data["q"])
        filters_used = active_filters(form)
    paginator = Paginator(courses, PAGE_SIZE)
    page_obj: PaginatorPage = paginator.get_page(request.GET.get("page"))
    for course in page_obj.object_list:
        course.seat_info = seat_info(course.upcoming)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "courses": page_obj,
        "result_count": paginator.count,
        "active_filters": filters_used,
        "page_query": query.urlencode(),
    }


def json_ld_script(data: dict) -> SafeString:
    """A `<script type="application/ld+json">` data block, escaped like json_script.

    It is data, not code: browsers do not run it, so the strict CSP allows it.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def course_json_ld(*, page: CoursePage, request, sessions: list) -> dict:
    url = page.get_full_url(request)
    return {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": page.title,
        "description": page.search_description or page.teaser,
        "url": url,
        "inLanguage": "de",
        "educationalLevel": page.get_level_display(),
        "timeRequired": f"PT{page.duration_minutes}M",
        "provider": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME},
        "hasCourseInstance": [
            {
                "@type": "CourseInstance",
                "courseMode": "online",
                "startDate": timezone.localtime(s.start).isoformat(),
                "endDate": timezone.localtime(s.end).isoformat(),
                "location": {"@type": "VirtualLocation", "url": url},
                **(
                    {"instructor": {"@type": "Person", "name": s.trainer.display_name}}
                    if s.trainer
                    else {}
                ),
            }
            for s in sessions
        ],
    }


def course_facts(page: CoursePage) -> dict:
    """The audiences and trainers of a course, for its facts list."""
    audiences = list(page.audiences.all())
    return {
        "course_trainers": list(page.trainers.all()),
        # Every school type ticked reads better as "all school types".
        "audiences": [] if len(audiences) == len(SchoolType) else audiences,
    }


def course_context(*, page: CoursePage, request) -> dict:
    """Context of a course page: sessions, materials by visibility, JSON-LD.

    The sessions, materials and JSON-LD are kept for all visitors
    (`course_sessions_part`); the visitor's registrations on the course are read
    on every request, and decide the booking boxes and participant material.
    """
    part = course_sessions_part(page=page, request=request)
    bookings = course_bookings(request.user, page, (*part.upcoming, *part.past))
    restricted = part.participant_materials
    may_see_restricted = bool(restricted) and (
        bookings.is_participant or permissions.is_cms_course_staff(request.user)
    )
    return {
        **{name: mark_safe(html) for name, html in part.parts.items()},  # noqa: S308
        "sessions_part": part,
        "course_bookings": bookings,
        "upcoming_sessions": list(part.upcoming),
        "past_sessions": list(part.past),
        "public_materials": [mark_safe(m) for m in part.public_materials],  # noqa: S308
        "participant_materials": (
            [mark_safe(m) for m in restricted] if may_see_restricted else []  # noqa: S308
        ),
        "hidden_material_count": 0 if may_see_restricted else len(restricted),
        "is_participant": bookings.is_participant,
        "json_ld": mark_safe(part.json_ld),  # noqa: S308 - escaped in json_ld_script
    }
