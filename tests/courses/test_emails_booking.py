"""The e-mails of booking: content, language, attachments, reminders."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses import booking
from courses.models import Registration
from tests.courses.booking_helpers import make_session, teachers

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)

    return run


def test_confirmation_has_meeting_link_and_ics(teacher, mailoutbox, on_commit):
    on_commit(booking.book_session, session=make_session(), teacher=teacher)
    (mail,) = mailoutbox
    assert mail.to == [teacher.email]
    assert "Keynote im Unterricht" in mail.subject
    assert "https://meet.example/raum-42" in mail.body
    (name, content, mimetype) = mail.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content


def test_waiting_list_mail_has_position_and_no_meeting_link(
    teacher, mailoutbox, on_commit
):
    session = make_session(capacity=1)
    (other,) = teachers(1)
    booking.book_session(session=session, teacher=other)
    on_commit(booking.book_session, session=session, teacher=teacher)
    (mail,) = mailoutbox
    assert "meet.example" not in mail.body
    assert "meet.example" not in mail.alternatives[0][0]
    assert not mail.attachments
    assert " 1 " in mail.body


def test_mail_in_german_and_in_english(teacher, mailoutbox, on_commit):
    on_commit(booking.book_session, session=make_session(), teacher=teacher)
    teacher.preferred_language = "en"
    teacher.save()
    on_commit(booking.book_session, session=make_session(days=20), teacher=teacher)
    german, english = mailoutbox
    assert german.subject.startswith("Buchung bestätigt")
    assert english.subject.startswith("Booking confirmed")


def test_a_failing_mail_server_does_not_undo_the_booking(teacher, on_commit):
    with mock.patch(
        "courses.booking_mail.send_templated_email", side_effect=OSError("SMTP down")
    ):
        registration = on_commit(
            booking.book_session, session=make_session(), teacher=teacher
        )
    assert Registration.objects.get(pk=registration.pk).is_confirmed


def test_reminders_are_sent_once(
    teacher, colleague, mailoutbox, django_capture_on_commit_callbacks
):
    soon = make_session(days=0.5, booking_deadline=timezone.now() + timedelta(hours=1))
    far = make_session(days=10)
    booking.book_session(session=soon, teacher=teacher)
    booking.book_session(session=far, teacher=colleague)
    mailoutbox.clear()
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_session_reminders")
    assert [m.to for m in mailoutbox] == [[teacher.email]]
    assert "https://meet.example/raum-42" in mailoutbox[0].body
    assert Registration.objects.get(teacher=teacher).reminder_sent_at is not None
