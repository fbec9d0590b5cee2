"""Certificates of attendance: the PDF and the public check."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from courses import booking
from courses.certificates import certificate_pdf, normalise_code
from courses.models import Registration
from tests.courses.booking_helpers import make_course, make_session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(trainer, school):
    teacher = UserFactory(full_name="Jörg Müßig-Şahin", school=school)
    course = make_course(title="Übungen für Fortgeschrittene", trainers=[trainer])
    session = make_session(course, trainer=trainer)
    registration = booking.book_session(session=session, teacher=teacher)
    session.start = timezone.now() - timedelta(hours=3)
    session.end = timezone.now() - timedelta(hours=1, minutes=30)
    session.save()
    booking.record_attendance(
        session=session, attended={registration.pk: True}, by=trainer
    )
    registration.refresh_from_db()
    return registration


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_contains_name_with_umlauts_course_school_and_code(attended):
    text = _text(certificate_pdf(attended))
    assert "Jörg Müßig-Şahin" in text
    assert "Übungen für Fortgeschrittene" in text
    assert "Grundschule Am Park" in text
    assert attended.certificate_code in text
    assert "Folien gestalten" in text
    assert "Tara Trainerin" in text
    assert "90" in text


def test_download_only_for_attended_and_own(client, attended, colleague):
    url = reverse("courses:certificate", args=[attended.pk])
    client.force_login(colleague)
    assert client.get(url).status_code == 404
    client.force_login(attended.teacher)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_no_certificate_for_a_confirmed_registration(client, teacher):
    registration = booking.book_session(session=make_session(), teacher=teacher)
    client.force_login(teacher)
    url = reverse("courses:certificate", args=[registration.pk])
    assert client.get(url).status_code == 404


def test_public_check_shows_validity_course_and_date_only(client, attended):
    code = attended.certificate_code.lower().replace("-", " ")
    response = client.get(reverse("courses:verify_certificate"), {"code": code})
    text = response.content.decode()
    assert "Übungen für Fortgeschrittene" in text
    assert "Jörg" not in text
    assert "Grundschule" not in text


def test_public_check_of_an_unknown_code(client, attended):
    response = client.get(
        reverse("courses:verify_certificate"), {"code": "AAAA-BBBB-CCCC"}
    )
    assert "Übungen" not in response.content.decode()
    assert response.context["result"] is False


def test_code_of_a_no_show_is_no_longer_valid(attended, trainer):
    booking.record_attendance(
        session=attended.session, attended={attended.pk: False}, by=trainer
    )
    from courses.certificates import find_certificate

    assert find_certificate(attended.certificate_code) is None
    attended.refresh_from_db()
    assert attended.status == Registration.Status.NO_SHOW


def test_codes_are_normalised():
    assert normalise_code(" abcd efgh jkmn ") == "ABCD-EFGH-JKMN"
    assert normalise_code("short") == ""
