""" "Meine Fortbildungen" keeps the teacher's registrations
(courses/booking_display.py): read once, read again after any change of hers, of
a session or of a shown name, and never one teacher's list on another's page."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from courses import booking, booking_trainer, calendar_feed
from courses.booking_display import kept_registrations
from portal.accounts.services import anonymise_user
from tests.courses.booking_helpers import make_course, make_session
from tests.queries import page_round_trips

pytestmark = pytest.mark.django_db
MY_COURSES = reverse("courses:my_courses")


def _main(client) -> str:
    soup = BeautifulSoup(client.get(MY_COURSES).content, "html.parser")
    return soup.main.get_text(" ", strip=True)


@pytest.fixture
def booked(teacher, trainer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session = make_session(make_course(title="Keynote"), trainer=trainer)
        booking.book_session(session=session, teacher=teacher)
    return session


def test_a_second_visit_reads_no_registration(
    client, teacher, booked, django_assert_num_queries
):
    client.force_login(teacher)
    first = _main(client)
    assert "Keynote" in first
    with django_assert_num_queries(0):
        assert _main(client) == first


def test_a_booking_and_a_cancellation_show_at_once(
    client, teacher, booked, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    assert "Pages im Unterricht" not in _main(client)
    with django_capture_on_commit_callbacks(execute=True):
        other = make_session(make_course(title="Pages im Unterricht"), days=14)
        registration = booking.book_session(session=other, teacher=teacher)
    assert "Pages im Unterricht" in _main(client)
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel_registration(registration=registration, by=teacher)
    assert "Pages im Unterricht" not in _main(client)


def test_each_teacher_sees_her_own(
    client, teacher, colleague, booked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        other = make_session(make_course(title="Nur für Carl"), days=14)
        booking.book_session(session=other, teacher=colleague)
    client.force_login(teacher)
    assert "Nur für Carl" not in _main(client)
    client.force_login(colleague)
    page = _main(client)
    assert "Nur für Carl" in page and "Keynote" not in page


def test_a_session_cancelled_by_its_trainer_leaves_the_list(
    client, teacher, trainer, booked, django_capture_on_commit_callbacks
):
    """Its registrations are changed with bulk_update(), which sends no signal."""
    client.force_login(teacher)
    assert "Keynote" in _main(client)
    with django_capture_on_commit_callbacks(execute=True):
        booking_trainer.cancel_session(session=booked, by=trainer, reason="krank")
    assert [r.status for r in kept_registrations(teacher)] == []
    assert "Keynote" not in _main(client)


def test_a_moved_session_and_a_renamed_trainer_show_at_once(
    client, teacher, trainer, booked, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    assert "Tara Trainerin" in _main(client)
    with django_capture_on_commit_callbacks(execute=True):
        booked.start = booked.start.replace(hour=7, minute=45)
        booked.end = booked.start.replace(hour=9)
        booked.save()
    assert timezone.localtime(booked.start).strftime("%H:%M") in _main(client)
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_user(user=trainer)
    page = _main(client)
    assert "Tara Trainerin" not in page


def test_the_page_reads_what_it_keeps_at_once(client, teacher, booked):
    """Her registrations, the courses' titles and addresses and her calendar
    address: one round trip to the cache server, no query."""
    calendar_feed.renew_feed(user=teacher)
    client.force_login(teacher)
    client.get(MY_COURSES)  # everything computed and kept
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        page = client.get(MY_COURSES).content.decode()
    assert page_round_trips(get_many) == 1
    assert ">Keynote</a>" in page and 'href="/kurse/kurs-' in page
    assert calendar_feed.feed_for(teacher).token in page
