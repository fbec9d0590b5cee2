"""The catalogue at /kurse/: listing, filters, search, paging, query budget."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.rich_text import RichText

from courses.catalogue import PAGE_SIZE
from tests.courses.factories import make_course_page, make_course_session, register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [course.title for course in response.context["courses"]]


@pytest.fixture
def courses(catalogue):
    """Four courses that differ in every filter."""
    keynote = make_course_page(
        title="Keynote für Einsteiger",
        topic="ipad",
        level="beginner",
        audiences=["grundschule"],
        teaser="Präsentationen gestalten.",
    )
    mail = make_course_page(
        title="E-Mail in iServ",
        topic="iserv",
        level="advanced",
        audiences=["gymnasium"],
        goals="<ul><li>Filterregeln für das Postfach anlegen</li></ul>",
    )
    garage = make_course_page(
        title="Musik machen",
        topic="ipad",
        level="expert",
        audiences=["gymnasium", "realschule"],
        body=[("paragraph", RichText("<p>Mit GarageBand komponieren.</p>"))],
    )
    draft = make_course_page(title="Entwurf", live=False)
    return {"keynote": keynote, "mail": mail, "garage": garage, "draft": draft}


def test_catalogue_lists_live_courses_only(client, courses):
    response = client.get("/kurse/")
    assert response.status_code == 200
    assert titles(response) == [
        "E-Mail in iServ",
        "Keynote für Einsteiger",
        "Musik machen",
    ]


def test_topic_level_and_audience_filters_combine(client, courses):
    assert titles(client.get("/kurse/", {"topic": "iserv"})) == ["E-Mail in iServ"]
    assert titles(client.get("/kurse/", {"topic": "ipad", "level": "expert"})) == [
        "Musik machen"
    ]
    assert titles(client.get("/kurse/", {"audience": "gymnasium"})) == [
        "E-Mail in iServ",
        "Musik machen",
    ]
    assert titles(
        client.get("/kurse/", {"audience": "gymnasium", "topic": "ipad"})
    ) == ["Musik machen"]


def test_course_without_audience_is_offered_to_every_school_type(client, courses):
    make_course_page(title="Für alle")
    assert "Für alle" in titles(client.get("/kurse/", {"audience": "berufskolleg"}))


def test_month_filter_uses_scheduled_sessions(client, courses):
    in_two_months = timezone.localtime() + timedelta(days=62)
    make_course_session(courses["mail"], days=62)
    make_course_session(courses["keynote"], days=62, state="cancelled")
    month = f"{in_two_months.year:04d}-{in_two_months.month:02d}"
    assert titles(client.get("/kurse/", {"month": month})) == ["E-Mail in iServ"]


def test_free_seats_filter_skips_full_and_past_sessions(client, courses):
    full = make_course_session(courses["keynote"], capacity=1)
    register(full, UserFactory())
    make_course_session(courses["garage"], days=-3)
    make_course_session(courses["mail"], capacity=5)
    assert titles(client.get("/kurse/", {"free": "on"})) == ["E-Mail in iServ"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Keynote", "Keynote für Einsteiger"),  # title
        ("Präsentationen", "Keynote für Einsteiger"),  # teaser
        ("GarageBand", "Musik machen"),  # body
        ("Filterregeln", "E-Mail in iServ"),  # learning goals
    ],
)
def test_search_covers_title_teaser_body_and_goals(client, courses, term, expected):
    assert titles(client.get("/kurse/", {"q": term})) == [expected]


def test_search_combines_with_filters(client, courses):
    assert titles(client.get("/kurse/", {"q": "Keynote", "topic": "iserv"})) == []


def test_empty_result_says_what_to_change(client, courses):
    body = client.get("/kurse/", {"q": "Quantenphysik"}).content.decode()
    assert "Kein Kurs passt zu Ihrer Auswahl" in body
    assert "Entfernen Sie einen Filter" in body
    assert "„Quantenphysik“" in body  # the active filter, with a link to drop it


def test_invalid_filter_value_is_reported_not_crashing(client, courses):
    response = client.get("/kurse/", {"topic": "fax", "level": "expert"})
    assert response.status_code == 200
    assert "fax ist keine gültige Auswahl" in response.content.decode()
    assert titles(response) == ["Musik machen"]  # the valid filter still applies


def test_listing_shows_next_session_and_seats(client, courses):
    soon = make_course_session(courses["keynote"], days=3, capacity=3)
    make_course_session(courses["keynote"], days=10, capacity=30)
    full = make_course_session(courses["mail"], capacity=1)
    register(full, UserFactory())
    register(soon, UserFactory(), status="waitlisted")
    body = client.get("/kurse/").content.decode()
    assert "3 Plätze frei" in body
    assert "ausgebucht – Warteliste" in body
    assert "kein Termin geplant" in body  # "Musik machen"
    assert timezone.localtime(soon.start).isoformat()[:16] in body


def test_one_free_seat_is_singular(client, courses):
    make_course_session(courses["keynote"], capacity=1)
    assert "1 Platz frei" in client.get("/kurse/").content.decode()


def test_catalogue_is_paginated_and_keeps_filters(client, catalogue):
    for n in range(PAGE_SIZE + 2):
        make_course_page(title=f"Kurs {n:02d}", topic="iserv")
    first = client.get("/kurse/", {"topic": "iserv"})
    assert len(titles(first)) == PAGE_SIZE
    assert "topic=iserv&amp;page=2" in first.content.decode()
    second = client.get("/kurse/", {"topic": "iserv", "page": 2})
    assert len(titles(second)) == 2


def _courses_with_sessions(n: int) -> None:
    teacher = UserFactory()
    for i in range(n):
        course = make_course_page(title=f"Kurs {i:03d}", audiences=["gymnasium"])
        for day in (3, 10, 17):
            session = make_course_session(course, days=day + i / 100)
        register(session, teacher)
        make_course_session(course, days=-5)


def test_query_count_does_not_grow_with_courses(
    client, catalogue, django_assert_max_num_queries
):
    def count(params) -> int:
        # The uncached render is measured; a cache hit costs no query at all.
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/kurse/", params).status_code == 200
        return len(ctx.captured_queries)

    _courses_with_sessions(5)
    client.get("/kurse/")  # warm caches (site root, content types)
    filters = {"audience": "gymnasium", "free": "on", "q": "Kurs"}
    small, small_filtered = count({}), count(filters)
    _courses_with_sessions(95)
    with django_assert_max_num_queries(15):
        large = count({})
    with django_assert_max_num_queries(15):
        large_filtered = count(filters)
    assert (small, small_filtered) == (large, large_filtered)
