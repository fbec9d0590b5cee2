"""The page "My courses" takes course titles and addresses from a map that is kept
until pages are published, unpublished or moved, or a site changes
(courses/links.py)."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from courses import booking, links
from courses.booking_display import forget_registrations_of
from courses.models import CourseIndexPage, CoursePage
from tests.courses.booking_helpers import make_course, make_session
from tests.queries import get_counting_queries

pytestmark = pytest.mark.django_db
MY_COURSES = reverse("courses:my_courses")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the invalidations) of the block's changes."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def booked(client, teacher):
    course = make_course(title="Keynote im Unterricht")
    booking.book_session(session=make_session(course), teacher=teacher)
    client.force_login(teacher)
    return course


def _body(client) -> str:
    response = client.get(MY_COURSES)
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_title_and_address_show_at_once(client, booked, committed):
    assert f'<a href="{booked.url}">Keynote im Unterricht</a>' in _body(client)
    booked.title = "Keynote für Fortgeschrittene"
    booked.slug = "keynote-fortgeschrittene"
    with committed():
        booked.save_revision().publish()
    body = _body(client)
    assert '<a href="/kurse/keynote-fortgeschrittene/">Keynote für' in body
    assert "Keynote im Unterricht" not in body


def test_a_renamed_catalogue_moves_every_course_address(client, booked, committed):
    assert 'href="/kurse/kurs-' in _body(client)
    catalogue = CourseIndexPage.objects.get()
    catalogue.slug = "fortbildungen"
    with committed():
        catalogue.save_revision().publish()
    body = _body(client)
    assert 'href="/fortbildungen/kurs-' in body
    assert 'href="/kurse/kurs-' not in body


def test_a_moved_course_shows_its_new_address(client, booked, committed):
    other = (
        CourseIndexPage.objects.get()
        .get_parent()
        .add_child(instance=CourseIndexPage(title="Archiv", slug="archiv"))
    )
    with committed():
        booked.move(other, pos="last-child")
    assert 'href="/archiv/kurs-' in _body(client)


def test_a_second_site_shows_full_addresses(client, booked, committed):
    before = booked.url
    assert f'href="{before}"' in _body(client)
    with committed():
        Site.objects.create(
            hostname="archiv.example", root_page=CourseIndexPage.objects.get()
        )
    after = CoursePage.objects.get(pk=booked.pk).url
    assert after != before
    assert f'href="{after}"' in _body(client)


def test_the_map_is_kept_and_a_new_course_costs_one_query(
    client, teacher, booked, monkeypatch, django_capture_on_commit_callbacks
):
    _body(client)
    _response, kept = get_counting_queries(client, MY_COURSES)
    loads = []
    load = links._load
    monkeypatch.setattr(links, "_load", lambda **f: loads.append(f) or load(**f))
    # No commit: the map is not renewed, the new course is loaded on its own.
    newer = make_course(title="iServ Kalender")
    booking.book_session(session=make_session(newer, days=20), teacher=teacher)
    with django_capture_on_commit_callbacks(execute=True):  # her list is read anew
        forget_registrations_of([teacher.pk])
    response, count = get_counting_queries(client, MY_COURSES)
    assert f'<a href="{newer.url}">iServ Kalender</a>' in response.content.decode()
    assert count == kept + 2  # her registrations, and the one new course
    assert loads == [{"pk__in": {newer.pk}}]
