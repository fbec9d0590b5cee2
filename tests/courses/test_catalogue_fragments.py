"""Logged-in visitors share the rendered catalogue results (courses/fragments.py):
kept per filter and language, renewed by every change that shows on the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import cache as page_cache
from courses import fragments
from portal import derived
from tests.courses.factories import make_course_page, make_course_session, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    page_cache.connect_signals()
    course = make_course_page(title="Keynote im Unterricht")
    session = make_course_session(course, capacity=10)
    return course.get_parent(), session


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def _results(body: str) -> str:
    return body[body.index('<form method="get"') : body.index("</section>")]


def test_results_are_rendered_once_and_renewed_by_a_booking(
    client, teacher, colleague, catalogue, django_capture_on_commit_callbacks
):
    page, session = catalogue
    client.force_login(teacher)
    first, first_queries = _get(client, page.url)
    again, again_queries = _get(client, page.url)
    assert "10 Plätze frei" in first and _results(again) == _results(first)
    assert again_queries < first_queries
    with django_capture_on_commit_callbacks(execute=True):
        register(session, colleague)
    after, _queries = _get(client, page.url)
    assert "9 Plätze frei" in after
    # the rest of the page is still the visitor's own
    client.logout()
    anonymous, _queries = _get(client, page.url)
    assert "Abmelden" in after and "Abmelden" not in anonymous
    assert _results(anonymous) == _results(after)


def test_each_language_and_filter_has_its_own_results(client, teacher, catalogue):
    page, _session = catalogue
    client.force_login(teacher)
    german, _q = _get(client, page.url)
    iserv, _q = _get(client, f"{page.url}?topic=iserv")
    assert "Keynote im Unterricht" in german
    assert "Keynote im Unterricht" not in iserv
    client.post(reverse("set_language"), {"language": "en", "next": page.url})
    english, _q = _get(client, page.url)
    assert "10 seats free" in english


def test_searches_are_always_rendered(client, teacher, catalogue, monkeypatch):
    page, _session = catalogue
    calls = []
    render = fragments._render
    monkeypatch.setattr(
        fragments, "_render", lambda *a, **k: calls.append(1) or render(*a, **k)
    )
    client.force_login(teacher)
    for _i in range(2):
        _get(client, f"{page.url}?q=Keynote")
    for _i in range(2):
        _get(client, page.url)
    assert len(calls) == 3


def test_unreachable_cache_renders_the_results(client, teacher, catalogue, monkeypatch):
    page, _session = catalogue

    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache server down")

            return fail

    monkeypatch.setattr(derived, "cache", Down())
    client.force_login(teacher)
    body, _q = _get(client, page.url)
    assert "Keynote im Unterricht" in body
