"""Factories of the course tests: catalogue, courses, sessions, registrations."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from django.utils import timezone

from courses.cms_permissions import ensure_cms_permissions
from courses.models import (
    Audience,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    Registration,
)
from home.models import HomePage

_numbers = count(1)


def make_catalogue() -> CourseIndexPage:
    """The catalogue at /kurse/ under the home page, with the trainers' rights."""
    catalogue = CourseIndexPage.objects.first()
    if catalogue is None:
        catalogue = HomePage.objects.get().add_child(
            instance=CourseIndexPage(title="Kurskatalog", slug="kurse")
        )
        ensure_cms_permissions()
    return catalogue


def make_course_page(
    *,
    title: str | None = None,
    topic: str = "ipad",
    level: str = "beginner",
    teaser: str = "Ein Online-Kurs für Lehrkräfte.",
    goals: str = "<ul><li>Folien gestalten</li></ul>",
    body: list | None = None,
    audiences: list[str] = (),
    trainers: list = (),
    live: bool = True,
    **fields,
) -> CoursePage:
    n = next(_numbers)
    page = CoursePage(
        title=title or f"Kurs {n}",
        slug=f"kurs-{n}",
        teaser=teaser,
        topic=topic,
        level=level,
        learning_goals=goals,
        duration_minutes=90,
        body=body or [],
        live=live,
        **fields,
    )
    page.audiences = list(Audience.objects.filter(school_type__in=audiences))
    page.trainers = list(trainers)
    return make_catalogue().add_child(instance=page)


def make_course_session(
    course: CoursePage,
    *,
    days: float = 7,
    minutes: int = 90,
    capacity: int = 10,
    **fields,
) -> CourseSession:
    start = timezone.now() + timedelta(days=days)
    return CourseSession.objects.create(
        course=course,
        start=start,
        end=start + timedelta(minutes=minutes),
        capacity=capacity,
        meeting_url=fields.pop("meeting_url", "https://meet.example/geheimer-raum"),
        **fields,
    )


def register(session: CourseSession, teacher, status: str = "confirmed"):
    """A registration written directly (the booking rules are tested elsewhere)."""
    waitlisted_at = timezone.now() if status == "waitlisted" else None
    return Registration.objects.create(
        session=session, teacher=teacher, status=status, waitlisted_at=waitlisted_at
    )
