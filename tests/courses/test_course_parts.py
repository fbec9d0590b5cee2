"""A course page's breadcrumb, header and body are kept per page until the page is
saved again; a booking renews only its session list (courses/fragments.py,
tests/courses/test_course_sessions_part.py)."""

import re
from unittest import mock

import pytest
from django.test import RequestFactory

from courses import fragments
from tests.courses.factories import make_course_page, make_course_session, register
from tests.queries import get_counting_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalogue, trainer):
    page = make_course_page(
        title="Keynote im Unterricht",
        goals="<ul><li>Folien gestalten</li></ul>",
        trainers=[trainer],
    )
    return page, make_course_session(page, capacity=3)


def _get(client, url):
    response, count = get_counting_queries(client, url)
    assert response.status_code == 200
    return response.content.decode(), count


def _seats(body: str) -> str:
    return re.search(r"(\d+) (?:Plätze|Platz) frei", body).group(1)


def test_parts_are_rendered_once_sessions_renewed_by_a_booking(
    client, teacher, colleague, course, django_capture_on_commit_callbacks
):
    page, session = course
    client.force_login(teacher)
    first, rendered = _get(client, page.url)
    with mock.patch.object(
        fragments, "_render_course_parts", wraps=fragments._render_course_parts
    ) as render:
        with django_capture_on_commit_callbacks(execute=True):
            register(session, colleague)
        second, kept = _get(client, page.url)
    render.assert_not_called()
    assert kept <= rendered - 3  # parent page, audiences, trainers
    assert "Folien gestalten" in second
    assert "Keynote im Unterricht" in second
    assert (_seats(first), _seats(second)) == ("3", "2")


def test_a_published_change_shows_at_once(
    client, teacher, course, django_capture_on_commit_callbacks
):
    page, _session = course
    client.force_login(teacher)
    _get(client, page.url)
    page.learning_goals = "<ul><li>Präsentieren mit Apple Pencil</li></ul>"
    page.title = "Keynote für Fortgeschrittene"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    body, _n = _get(client, page.url)
    assert "Präsentieren mit Apple Pencil" in body
    assert "<h1>Keynote für Fortgeschrittene</h1>" in body
    assert "Folien gestalten" not in body


def test_a_preview_shows_the_draft_not_the_kept_parts(client, teacher, course):
    page, _session = course
    client.force_login(teacher)
    _get(client, page.url)
    page.title = "Entwurf: neuer Titel"
    request = RequestFactory().get(page.url)
    request.user = teacher
    request.is_preview = True
    parts = fragments.course_parts_html(page=page, request=request)
    assert "Entwurf: neuer Titel" in parts["course_intro"]
    request.is_preview = False
    parts = fragments.course_parts_html(page=page, request=request)
    assert "Entwurf: neuer Titel" not in parts["course_intro"]


def test_languages_are_kept_apart(client, teacher, course):
    page, _session = course
    client.force_login(teacher)
    german, _n = _get(client, page.url)
    client.post("/sprache/", {"language": "en", "next": page.url})
    english, _n = _get(client, page.url)
    assert "Lernziele" in german
    assert "Learning goals" in english
    assert "Lernziele" not in english
