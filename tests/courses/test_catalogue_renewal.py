"""The teachers' own booking functions renew the catalogue only when it shows the
change: the free seats of a course's next session, or whether a session has a
free seat at all (courses/cache.py renew_catalogue_if_shown). Course pages show
every session's seats and are renewed by every booking, for anonymous visitors
too (their cached page names the version of its session list)."""

import re

import pytest

from courses import booking
from courses import cache as page_cache
from tests.courses.factories import make_course_page, make_course_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalogue):
    return make_course_page(title="Keynote im Unterricht")


@pytest.fixture
def renews(django_capture_on_commit_callbacks):
    """Does the block renew the catalogue (once its transaction commits)?"""

    def run(action) -> bool:
        before = page_cache.catalogue_version()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return page_cache.catalogue_version() != before

    return run


def _seats(body: str) -> list[str]:
    return re.findall(r"(\d+) (?:Plätze|Platz) frei", body)


def test_a_booking_of_the_next_session_renews_the_catalogue(
    client, course, teacher, renews
):
    session = make_course_session(course, days=3, capacity=5)
    make_course_session(course, days=9, capacity=5)
    assert _seats(client.get(course.get_parent().url).content.decode()) == ["5"]
    assert renews(lambda: booking.book_session(session=session, teacher=teacher))
    assert _seats(client.get(course.get_parent().url).content.decode()) == ["4"]


def test_a_booking_of_a_later_session_keeps_the_catalogue_not_the_course_page(
    client, course, teacher, colleague, renews
):
    make_course_session(course, days=3, capacity=5)
    later = make_course_session(course, days=9, capacity=5)
    client.get(course.url)
    client.force_login(colleague)
    client.get(course.url)
    assert not renews(lambda: booking.book_session(session=later, teacher=teacher))
    assert _seats(client.get(course.url).content.decode()) == ["5", "4"]
    client.logout()
    anonymous = client.get(course.url)
    assert _seats(anonymous.content.decode()) == ["5", "4"]
    assert anonymous[page_cache.HEADER] == "miss"
    assert client.get(course.url)[page_cache.HEADER] == "hit"


def test_the_last_seat_of_a_later_session_renews_the_free_filter(
    client, course, teacher, colleague, renews
):
    next_session = make_course_session(course, days=2, capacity=1)
    booking.book_session(session=next_session, teacher=colleague)
    later = make_course_session(course, days=9, capacity=1)
    free = course.get_parent().url + "?free=1"
    assert "Keynote im Unterricht" in client.get(free).content.decode()
    assert renews(lambda: booking.book_session(session=later, teacher=teacher))
    assert "Keynote im Unterricht" not in client.get(free).content.decode()


def test_a_cancellation_renews_the_catalogue_unless_the_seat_is_passed_on(
    course, teacher, colleague, other_school_teacher, renews
):
    session = make_course_session(course, days=3, capacity=1)
    first = booking.book_session(session=session, teacher=teacher)
    booking.book_session(session=session, teacher=colleague)  # waiting list
    # The seat goes to the colleague: the catalogue still says "fully booked".
    assert not renews(
        lambda: booking.cancel_registration(registration=first, by=teacher)
    )
    second = session.registrations.get(teacher=colleague)
    # Nobody waits: the seat is free again.
    assert renews(
        lambda: booking.cancel_registration(registration=second, by=colleague)
    )
    seated = booking.book_session(session=session, teacher=other_school_teacher)
    waiting = booking.book_session(session=session, teacher=teacher)
    assert (seated.status, waiting.status) == ("confirmed", "waitlisted")
    assert not renews(
        lambda: booking.leave_waiting_list(registration=waiting, by=teacher)
    )


def test_other_registration_changes_still_renew_the_catalogue(
    catalogue, teacher, trainer, renews
):
    course = make_course_page(title="Keynote im Unterricht", trainers=[trainer])
    session = make_course_session(course, days=9, capacity=5)
    make_course_session(course, days=3, capacity=5)
    registration = booking.book_session(session=session, teacher=teacher)
    other = make_course_session(course, days=12)
    # A trainer moving a teacher: no seat arithmetic here, so always renewed.
    assert renews(
        lambda: booking.move_participant(
            registration=registration, to_session=other, by=trainer
        )
    )
