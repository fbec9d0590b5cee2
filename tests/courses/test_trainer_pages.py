"""The trainer's pages of a session: who may see them and what they do."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses import booking
from courses.models import BookingEvent, Registration
from tests.courses.booking_helpers import make_course, make_session, teachers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def course(trainer):
    return make_course(trainers=[trainer])


@pytest.fixture
def session(course, teacher):
    session = make_session(course, capacity=1)
    booking.book_session(session=session, teacher=teacher)
    return session


def _started(session):
    session.start = timezone.now() - timedelta(minutes=5)
    session.end = timezone.now() + timedelta(hours=1)
    session.save()
    return session


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("trainer", 200),
        ("admin", 200),
        ("other_trainer", 404),
        ("teacher", 404),
        ("colleague", 404),
        ("coordinator", 404),
        ("agent", 404),
    ],
)
def test_participant_list_only_for_its_trainers_and_admins(
    client, request, session, who, status
):
    client.force_login(request.getfixturevalue(who))
    url = reverse("courses:session_participants", args=[session.pk])
    assert client.get(url).status_code == status
    export = reverse("courses:session_export", args=[session.pk, "csv"])
    assert client.get(export).status_code == status


def test_the_sessions_own_trainer_sees_it_without_being_named_on_the_course(
    client, other_trainer, teacher
):
    session = make_session(make_course(), trainer=other_trainer)
    client.force_login(other_trainer)
    url = reverse("courses:session_participants", args=[session.pk])
    assert client.get(url).status_code == 200


def test_anonymous_is_sent_to_login(client, session):
    url = reverse("courses:session_participants", args=[session.pk])
    assert client.get(url).status_code == 302


def test_participant_list_shows_participants_and_waiting_list_in_order(
    client, trainer, session, teacher
):
    first, second = teachers(2)
    booking.book_session(session=session, teacher=first)
    booking.book_session(session=session, teacher=second)
    client.force_login(trainer)
    text = client.get(
        reverse("courses:session_participants", args=[session.pk])
    ).content.decode()
    assert teacher.full_name in text
    assert text.index(first.full_name) < text.index(second.full_name)


def test_attendance_after_start_sets_status_and_certificate_code(
    client, trainer, session, teacher
):
    _started(session)
    registration = session.registrations.get()
    client.force_login(trainer)
    client.post(
        reverse("courses:session_attendance", args=[session.pk]),
        {f"r{registration.pk}": "1"},
    )
    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED
    assert len(registration.certificate_code) == 14
    event = registration.events.get(action=BookingEvent.Action.ATTENDED)
    assert event.actor == trainer
    client.post(
        reverse("courses:session_attendance", args=[session.pk]),
        {f"r{registration.pk}": "0"},
    )
    registration.refresh_from_db()
    assert registration.status == Status.NO_SHOW


def test_attendance_before_start_is_refused(trainer, session):
    registration = session.registrations.get()
    with pytest.raises(booking.BookingError):
        booking.record_attendance(
            session=session, attended={registration.pk: True}, by=trainer
        )
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_exports_neutralise_formulas(client, trainer, course):
    session = make_session(course)
    evil = UserFactory(full_name='=HYPERLINK("http://x")')
    booking.book_session(session=session, teacher=evil)
    client.force_login(trainer)
    csv_text = client.get(
        reverse("courses:session_export", args=[session.pk, "csv"])
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    xlsx = client.get(reverse("courses:session_export", args=[session.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value.startswith("'=")
    assert sheet["A2"].data_type == "s"


def test_sign_in_sheet_lists_confirmed_participants(client, trainer, session, teacher):
    client.force_login(trainer)
    url = reverse("courses:session_sign_in_sheet", args=[session.pk])
    assert teacher.full_name in client.get(url).content.decode()


def test_message_goes_to_confirmed_only_one_mail_each(
    client, trainer, session, teacher, mailoutbox, django_capture_on_commit_callbacks
):
    (waiting,) = teachers(1)
    booking.book_session(session=session, teacher=waiting)
    client.force_login(trainer)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("courses:session_message", args=[session.pk]),
            {"subject": "Bitte iPad laden", "body": "Bis <b>morgen</b>!"},
        )
    assert [m.to for m in mailoutbox] == [[teacher.email]]
    assert "Bis <b>morgen</b>!" in mailoutbox[0].body
    html = mailoutbox[0].alternatives[0][0]
    assert "&lt;b&gt;morgen&lt;/b&gt;" in html
    assert session.booking_events.filter(action=BookingEvent.Action.MESSAGE_SENT)


def test_move_participant_to_another_session_of_the_course(
    client, trainer, course, session, teacher, django_capture_on_commit_callbacks
):
    target = make_session(course, days=14)
    (waiting,) = teachers(1)
    queued = booking.book_session(session=session, teacher=waiting)
    registration = session.registrations.get(teacher=teacher)
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("courses:session_move", args=[session.pk, registration.pk]),
            {"to_session": target.pk},
        )
    registration.refresh_from_db()
    queued.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert target.registrations.get().teacher == teacher
    assert queued.status == Status.CONFIRMED  # the freed seat went on


def test_cancel_session_tells_everyone(
    client, trainer, session, teacher, mailoutbox, django_capture_on_commit_callbacks
):
    (waiting,) = teachers(1)
    booking.book_session(session=session, teacher=waiting)
    client.force_login(trainer)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("courses:session_cancel", args=[session.pk]),
            {"reason": "Krankheit"},
        )
    session.refresh_from_db()
    assert session.is_cancelled
    assert sorted(m.to[0] for m in mailoutbox) == sorted([teacher.email, waiting.email])
    assert all("Krankheit" in m.body for m in mailoutbox)
    assert not session.registrations.open().exists()


def test_capacity_form_promotes_and_refuses_below_confirmed(client, trainer, session):
    (waiting,) = teachers(1)
    queued = booking.book_session(session=session, teacher=waiting)
    client.force_login(trainer)
    url = reverse("courses:session_capacity", args=[session.pk])
    client.post(url, {"capacity": 2})
    queued.refresh_from_db()
    assert queued.status == Status.CONFIRMED
    response = client.post(url, {"capacity": 1}, follow=True)
    session.refresh_from_db()
    assert session.capacity == 2
    assert "2" in response.content.decode()


def test_trainer_sessions_page(client, trainer, session, teacher):
    client.force_login(trainer)
    response = client.get(reverse("courses:trainer_sessions"))
    assert response.status_code == 200
    assert session.course.title in response.content.decode()
    client.force_login(teacher)
    assert client.get(reverse("courses:trainer_sessions")).status_code == 404
