"""Calendar files and the personal feed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from courses import booking, calendar_feed
from courses.calendar import registration_calendar, session_uid
from tests.courses.booking_helpers import make_session, teachers

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def _event(ics: bytes):
    cal = Calendar.from_ical(ics)
    assert cal["METHOD"] == "PUBLISH"
    (event,) = cal.walk("VEVENT")
    return cal, event


def test_ics_has_berlin_times_stable_uid_and_meeting_link_for_confirmed(teacher):
    session = make_session()
    session.start = datetime(2030, 7, 1, 9, 30, tzinfo=BERLIN)  # summer time
    session.end = datetime(2030, 7, 1, 11, 0, tzinfo=BERLIN)
    session.save()
    registration = booking.book_session(session=session, teacher=teacher)
    cal, event = _event(registration_calendar(registration))
    start = event.decoded("DTSTART")
    assert start == session.start
    assert str(start.tzinfo) == "Europe/Berlin"
    assert start.utcoffset().total_seconds() == 2 * 3600
    assert event.decoded("DTEND") == session.end
    assert str(event["UID"]) == session_uid(session)
    assert cal.walk("VTIMEZONE")
    assert "https://meet.example/raum-42" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    _cal, again = _event(registration_calendar(registration))
    assert again["UID"] == event["UID"]


def test_waitlisted_file_has_no_meeting_link(teacher):
    session = make_session(capacity=1)
    (other,) = teachers(1)
    booking.book_session(session=session, teacher=other)
    registration = booking.book_session(session=session, teacher=teacher)
    ics = registration_calendar(registration)
    assert b"meet.example" not in ics
    _cal, event = _event(ics)
    assert str(event["STATUS"]) == "TENTATIVE"


def test_download_is_only_for_the_owner(client, teacher, colleague):
    registration = booking.book_session(session=make_session(), teacher=teacher)
    url = reverse("courses:registration_ics", args=[registration.pk])
    client.force_login(colleague)
    assert client.get(url).status_code == 404
    client.force_login(teacher)
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    _event(response.content)


def test_feed_by_secret_token_and_renewing_revokes_the_old_address(client, teacher):
    booking.book_session(session=make_session(days=3), teacher=teacher)
    booking.book_session(session=make_session(days=5), teacher=teacher)
    client.force_login(teacher)
    client.post(reverse("courses:manage_calendar_feed"), {"action": "renew"})
    old = calendar_feed.feed_for(teacher).token
    client.logout()
    url = reverse("courses:calendar_feed", args=[old])
    cal = Calendar.from_ical(client.get(url).content)
    assert len(cal.walk("VEVENT")) == 2
    calendar_feed.renew_feed(user=teacher)
    assert client.get(url).status_code == 404
    new = calendar_feed.feed_for(teacher).token
    calendar_feed.revoke_feed(user=teacher)
    assert client.get(reverse("courses:calendar_feed", args=[new])).status_code == 404


def test_feed_marks_a_cancelled_booking_cancelled(client, teacher):
    registration = booking.book_session(session=make_session(), teacher=teacher)
    booking.cancel_registration(registration=registration, by=teacher)
    feed = calendar_feed.renew_feed(user=teacher)
    response = client.get(reverse("courses:calendar_feed", args=[feed.token]))
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert b"meet.example" not in response.content


def test_every_file_carries_the_time_zone_icalendar_builds(teacher):
    registration = booking.book_session(session=make_session(), teacher=teacher)
    first = Calendar.from_ical(registration_calendar(registration))
    second = Calendar.from_ical(registration_calendar(registration))
    built = Calendar.from_ical(registration_calendar(registration))
    for component in built.walk("VTIMEZONE"):
        built.subcomponents.remove(component)
    built.add_missing_timezones()
    expected = [tz.to_ical() for tz in built.walk("VTIMEZONE")]
    assert expected
    assert [tz.to_ical() for tz in first.walk("VTIMEZONE")] == expected
    assert [tz.to_ical() for tz in second.walk("VTIMEZONE")] == expected


def test_my_courses_shows_the_feed_address_as_renewed_or_revoked(
    client, teacher, django_capture_on_commit_callbacks, django_assert_num_queries
):
    page = reverse("courses:my_courses")
    client.force_login(teacher)
    client.get(page)  # no feed yet: kept as such
    with django_capture_on_commit_callbacks(execute=True):
        feed = calendar_feed.renew_feed(user=teacher)
    assert feed.token in client.get(page).content.decode()
    with django_assert_num_queries(0):
        assert feed.token in calendar_feed.shown_feed_url(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        renewed = calendar_feed.renew_feed(user=teacher)
    content = client.get(page).content.decode()
    assert renewed.token in content and feed.token not in content
    with django_capture_on_commit_callbacks(execute=True):
        calendar_feed.revoke_feed(user=teacher)
    assert renewed.token not in client.get(page).content.decode()
