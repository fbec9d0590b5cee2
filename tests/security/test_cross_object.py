"""Probes the matrix can not express: one allowed object smuggled into another's
form, hidden fields, leaks in answers that are otherwise allowed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from courses.models import Registration, SessionContingent
from support.models import Loan, TicketMessage
from support.tickets import reply_to_ticket
from tests.security import factories as f

pytestmark = pytest.mark.django_db


def test_coordinator_can_not_lend_another_schools_device(world, clients):
    school = world.school.school_number
    response = clients["coordinator"].post(
        reverse("support:loan_create", args=[school]),
        {
            "serial": world.other_device.serial,
            "borrower_type": "pupil",
            "pupil_reference": "9Z-4242",
            "issued_on": "2026-11-02",
        },
    )
    assert response.status_code == 200
    assert not Loan.objects.filter(pupil_reference="9Z-4242").exists()


def test_device_lookup_returns_only_the_own_schools_devices(world, clients):
    url = reverse("support:device_lookup") + "?q=F9FX"
    assert world.device.serial in clients["coordinator"].get(url).content.decode()
    other = clients["other_school_coordinator"].get(url).json()
    assert other == {"devices": []}


def test_trainer_can_not_move_a_participant_into_another_trainers_course(
    world, clients
):
    foreign_course = f.make_course(trainers=[world.users["other_trainer"]])
    foreign = f.make_session(foreign_course, trainer=world.users["other_trainer"])
    response = clients["trainer"].post(
        reverse("courses:session_move", args=[world.session.pk, world.registration.pk]),
        {"to_session": foreign.pk},
    )
    assert response.status_code == 200
    assert not foreign.registrations.exists()
    world.registration.refresh_from_db()
    assert world.registration.status == Registration.Status.CONFIRMED


def test_sessions_of_unpublished_courses_can_not_be_booked(world, clients):
    draft = f.make_course(trainers=[world.users["trainer"]])
    session = f.make_session(draft)
    draft.unpublish()
    response = clients["other_school_teacher"].post(
        reverse("courses:book_session", args=[session.pk])
    )
    assert response.status_code == 404
    assert not session.registrations.exists()


def test_booking_does_not_redirect_off_site(world, clients):
    response = clients["other_school_teacher"].post(
        reverse("courses:book_session", args=[world.session.pk]),
        {"next": "https://evil.example/phish"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_school_side_can_not_write_internal_notes(world, clients):
    clients["teacher"].post(
        reverse("support:ticket_reply", args=[world.ticket.reference]),
        {"body": "Bitte intern behandeln", "internal": "on", "is_internal": "on"},
    )
    message = TicketMessage.objects.get(body="Bitte intern behandeln")
    assert not message.is_internal


def test_internal_notes_never_reach_the_school(
    world, clients, django_capture_on_commit_callbacks
):
    note = "GEHEIM: Gerät vermutlich selbst beschädigt"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_ticket(
            ticket=world.ticket, author=world.users["agent"], body=note, internal=True
        )
        reply_to_ticket(
            ticket=world.ticket, author=world.users["agent"], body="Öffentlich"
        )
    school_pages = [
        reverse("support:ticket", args=[world.ticket.reference]),
        reverse("support:tickets"),
    ]
    for role in ("teacher", "coordinator"):
        for url in school_pages:
            assert note not in clients[role].get(url).content.decode(), (role, url)
    school_mail = [m for m in mail.outbox if world.users["teacher"].email in m.to]
    assert school_mail, "the reporter was not told about the public reply"
    for message in school_mail:
        bodies = [message.body] + [c for c, _t in getattr(message, "alternatives", [])]
        assert all(note not in body for body in bodies)


def test_profile_form_ignores_privilege_fields(world, clients):
    teacher = world.users["teacher"]
    clients["teacher"].post(
        reverse("accounts:profile"),
        {
            "full_name": "Lea Lehrerin",
            "school": world.school.pk,
            "preferred_language": "de",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": ["1", "2", "3", "4", "5"],
            "email": "chef@it.example",
        },
    )
    teacher.refresh_from_db()
    assert not teacher.is_staff and not teacher.is_superuser
    assert teacher.email == "lea@schule.example"
    assert set(teacher.groups.values_list("name", flat=True)) == {"Teacher"}


def test_meeting_link_is_never_shown_to_the_public_or_the_waiting_list(world, clients):
    link = world.session.meeting_url
    assert link not in clients["anonymous"].get(world.course.url).content.decode()
    assert world.waitlisted.status == Registration.Status.WAITLISTED
    page = clients["other_school_teacher"].get(reverse("courses:my_courses"))
    assert link not in page.content.decode()


def test_certificate_check_reveals_no_name(world, clients):
    code = world.attended.certificate_code
    page = clients["anonymous"].get(
        reverse("courses:verify_certificate") + f"?code={code}"
    )
    html = page.content.decode()
    assert world.course.title in html
    assert world.users["teacher"].full_name not in html
    assert world.users["teacher"].email not in html


def test_a_renewed_calendar_feed_revokes_the_old_address(world, clients):
    old = reverse("courses:calendar_feed", args=[world.feed.token])
    assert clients["anonymous"].get(old).status_code == 200
    clients["teacher"].post(reverse("courses:manage_calendar_feed"))
    assert clients["anonymous"].get(old).status_code == 404


def test_other_trainer_can_not_delete_a_foreign_contingent(world, clients):
    contingent = world.contingent
    response = clients["other_trainer"].post(
        reverse("booking_contingents:delete", args=[contingent.pk])
    )
    assert response.status_code in (302, 403, 404)
    assert SessionContingent.objects.filter(pk=contingent.pk).exists()
