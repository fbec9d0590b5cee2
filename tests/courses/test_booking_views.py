"""Booking from the course page and "My courses", as a teacher uses them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import booking
from courses.models import Registration
from tests.courses.booking_helpers import make_course, make_session, teachers

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_anonymous_booking_goes_to_login(client):
    session = make_session()
    response = client.post(reverse("courses:book_session", args=[session.pk]))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_booking_needs_post(client, teacher):
    client.force_login(teacher)
    session = make_session()
    response = client.get(reverse("courses:book_session", args=[session.pk]))
    assert response.status_code == 405


def test_booking_from_the_course_page_and_double_submit(client, teacher):
    session = make_session()
    client.force_login(teacher)
    page = client.get(session.course.url)
    assert page.status_code == 200
    book_url = reverse("courses:book_session", args=[session.pk])
    assert f'action="{book_url}"' in page.content.decode()
    assert "csrfmiddlewaretoken" in page.content.decode()
    response = client.post(book_url, {"next": session.course.url}, follow=True)
    assert response.status_code == 200
    assert Registration.objects.get().status == Status.CONFIRMED
    again = client.post(book_url, {"next": session.course.url}, follow=True)
    assert again.status_code == 200
    text = again.content.decode()
    assert "bereits gebucht" in text or "already booked" in text
    assert Registration.objects.count() == 1


def test_a_second_click_is_refused_without_a_transaction(client, teacher):
    session = make_session()
    client.force_login(teacher)
    book_url = reverse("courses:book_session", args=[session.pk])
    client.post(book_url, {"next": session.course.url})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(book_url, {"next": session.course.url})
    assert response.status_code == 302
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if sql.startswith("SAVEPOINT")]
    # the user, the session, her verified address, her registrations
    assert len(statements) <= 4
    assert Registration.objects.count() == 1
    text = client.get(session.course.url).content.decode()
    assert "bereits gebucht" in text


def test_course_page_shows_waiting_list_button_and_position(client, teacher):
    session = make_session(capacity=1)
    (other,) = teachers(1)
    booking.book_session(session=session, teacher=other)
    client.force_login(teacher)
    assert "Warteliste" in client.get(session.course.url).content.decode()
    client.post(reverse("courses:book_session", args=[session.pk]))
    text = client.get(session.course.url).content.decode()
    assert "Position 1" in text


def test_next_parameter_may_not_leave_the_site(client, teacher):
    session = make_session()
    client.force_login(teacher)
    response = client.post(
        reverse("courses:book_session", args=[session.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == session.course.url


def test_cancelling_asks_for_confirmation_first(client, teacher):
    registration = booking.book_session(session=make_session(), teacher=teacher)
    client.force_login(teacher)
    url = reverse("courses:cancel_registration", args=[registration.pk])
    page = client.get(url)
    assert page.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_a_teacher_can_not_cancel_anothers_registration(client, teacher, colleague):
    registration = booking.book_session(session=make_session(), teacher=teacher)
    client.force_login(colleague)
    url = reverse("courses:cancel_registration", args=[registration.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_my_courses_lists_upcoming_waiting_and_past(client, teacher, settings):
    settings.COURSES_MEETING_LINK_MINUTES_BEFORE = 30
    soon = make_session(
        days=10 / 60 / 24, booking_deadline=timezone.now() + timedelta(1)
    )
    later = make_session(days=5)
    full = make_session(capacity=1, days=9)
    (other,) = teachers(1)
    booking.book_session(session=full, teacher=other)
    booking.book_session(session=soon, teacher=teacher)
    booking.book_session(session=later, teacher=teacher)
    booking.book_session(session=full, teacher=teacher)
    past = make_session(days=-3)
    Registration.objects.create(
        session=past,
        teacher=teacher,
        status=Status.ATTENDED,
        certificate_code="ABCD-EFGH-JKLM",
    )
    client.force_login(teacher)
    text = client.get(reverse("courses:my_courses")).content.decode()
    # the meeting link only for the session that starts within 30 minutes
    assert text.count("https://meet.example/raum-42") == 1
    assert "Position 1" in text
    assert reverse("courses:certificate", args=[past.registrations.get().pk]) in text


def _book_many(teacher, n, first=0):
    for i in range(first, first + n):
        booking.book_session(session=make_session(days=3 + i), teacher=teacher)
        past = make_session(days=-3 - i)
        Registration.objects.create(
            session=past,
            teacher=teacher,
            status=Status.ATTENDED,
            certificate_code=f"ABCD-EFGH-{i:04d}",
        )


def test_my_courses_queries_do_not_grow_with_registrations(
    client, teacher, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    _book_many(teacher, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("courses:my_courses")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # renews what is kept
        _book_many(teacher, 10, first=2)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("courses:my_courses"))
    assert response.content.decode().count("bescheinigung.pdf") == 12


def test_my_courses_needs_login(client):
    response = client.get(reverse("courses:my_courses"))
    assert response.status_code == 302


def test_second_date_of_a_booked_course_shows_no_book_button(client, teacher):
    course = make_course()
    first = make_session(course, days=3)
    second = make_session(course, days=10)
    booking.book_session(session=first, teacher=teacher)
    client.force_login(teacher)
    text = client.get(course.url).content.decode()
    assert reverse("courses:book_session", args=[second.pk]) not in text
