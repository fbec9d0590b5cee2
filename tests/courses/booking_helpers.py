"""Helpers of the booking tests: a course page, sessions and teachers quickly."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from django.utils import timezone
from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, CourseSession
from tests.factories import UserFactory

_slugs = count(1)


def catalogue() -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        home = Page.objects.get(depth=2)
        index = home.add_child(instance=CourseIndexPage(title="Kurse", slug="kurse"))
    return index


def make_course(*, title: str = "Keynote im Unterricht", trainers=()) -> CoursePage:
    n = next(_slugs)
    course = catalogue().add_child(
        instance=CoursePage(
            title=title,
            slug=f"kurs-{n}",
            teaser="Präsentationen mit dem iPad gestalten.",
            topic="ipad",
            learning_goals=(
                "<ul><li>Folien gestalten</li><li>Übergänge nutzen</li></ul>"
            ),
            duration_minutes=90,
        )
    )
    if trainers:
        course.trainers.set(trainers)
        course.save_revision().publish()
    return course


def make_session(
    course: CoursePage | None = None,
    *,
    days: float = 7,
    hours: float = 1.5,
    capacity: int = 10,
    trainer=None,
    **extra,
) -> CourseSession:
    start = timezone.now() + timedelta(days=days)
    return CourseSession.objects.create(
        course=course or make_course(),
        start=start,
        end=start + timedelta(hours=hours),
        capacity=capacity,
        meeting_url=extra.pop("meeting_url", "https://meet.example/raum-42"),
        trainer=trainer,
        **extra,
    )


def teachers(n: int, *, school=None) -> list:
    kwargs = {"school": school} if school is not None else {}
    return [UserFactory(**kwargs) for _ in range(n)]
