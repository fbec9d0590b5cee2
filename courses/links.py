"""The title and address of every course, for lists of registrations.

"My courses" links each registration to its course. Loading the course pages
costs a query and their addresses a cache lookup each, for titles and addresses
that change only when pages are published, unpublished or moved, or a site
changes: those events renew the map (`connect_signals()`). A course can not be
deleted while it has registrations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import translation

from portal.derived import Generation, on_save_or_delete


@dataclass(frozen=True)
class CourseLink:
    title: str
    url: str | None


def _load(**filters) -> dict[int, CourseLink]:
    from wagtail.models import Page

    from courses.models import CoursePage

    pages = Page.objects.type(CoursePage).filter(**filters)
    pages = pages.only("id", "title", "url_path", "depth")
    return {page.pk: CourseLink(title=page.title, url=page.url) for page in pages}


COURSE_LINKS = Generation("courses:links")


def course_links(course_ids: Iterable[int]) -> dict[int, CourseLink]:
    """{course page id: its title and address (`Page.url`)} of these courses."""
    links = COURSE_LINKS.cached(_key(), _load)
    missing = set(course_ids) - set(links)
    if missing:  # a course created since, while the map is renewed
        links = {**links, **_load(pk__in=missing)}
    return links


def _key() -> str:
    # Per language: with Wagtail's i18n an address depends on it.
    return f"links:{translation.get_language()}"


def kept_links():
    """What `course_links()` reads (`portal.derived.read_together`)."""
    return COURSE_LINKS.kept(_key())


def _forget(**kwargs) -> None:
    COURSE_LINKS.forget()


def connect_signals() -> None:
    """Called once from `CoursesConfig.ready()`."""
    from wagtail.models import Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from courses.models import CoursePage

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_forget, dispatch_uid=f"course-links-{id(signal)}")
    on_save_or_delete(_forget, CoursePage, Site, uid="course-links")
