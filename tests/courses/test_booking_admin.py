"""The booking part of the CMS: contingents, read-only registrations and history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import booking
from courses.models import SessionContingent
from tests.courses.booking_helpers import make_course, make_session

pytestmark = pytest.mark.django_db


def test_admin_sees_registrations_and_history_but_can_not_add(client, admin, teacher):
    booking.book_session(session=make_session(), teacher=teacher)
    client.force_login(admin)
    listing = client.get(reverse("booking_registrations:index"))
    assert listing.status_code == 200
    assert teacher.full_name in listing.content.decode()
    assert client.get(reverse("booking_registrations:add")).status_code in (302, 403)
    assert client.get(reverse("booking_history:index")).status_code == 200


def test_trainer_adds_contingent_only_to_own_sessions(client, trainer, other_trainer):
    own = make_session(make_course(trainers=[trainer]))
    foreign = make_session(make_course(trainers=[other_trainer]))
    client.force_login(trainer)
    url = reverse("booking_contingents:add")
    until = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    data = {"seats_per_school": 2, "until": until}
    client.post(url, {**data, "session": foreign.pk})
    assert not SessionContingent.objects.exists()
    response = client.post(url, {**data, "session": own.pk})
    assert response.status_code == 302
    assert SessionContingent.objects.get().session == own
    assert client.get(reverse("booking_registrations:index")).status_code in (302, 403)


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_other_trainer_gets_404_for_a_foreign_contingent(
    client, trainer, other_trainer, view
):
    session = make_session(make_course(trainers=[trainer]))
    contingent = SessionContingent.objects.create(
        session=session, seats_per_school=2, until=timezone.now() + timedelta(days=1)
    )
    url = reverse(f"booking_contingents:{view}", args=[contingent.pk])
    client.force_login(other_trainer)
    assert client.get(url).status_code == 404
    assert client.post(url, {"seats_per_school": 9}).status_code == 404
    contingent.refresh_from_db()
    assert contingent.seats_per_school == 2
    client.force_login(trainer)
    assert client.get(url).status_code == 200


def test_contingent_list_shows_own_sessions_only(client, trainer, other_trainer):
    own = make_session(make_course(title="Eigener Kurs", trainers=[trainer]))
    foreign = make_session(make_course(title="Fremder Kurs", trainers=[other_trainer]))
    until = timezone.now() + timedelta(days=1)
    for session in (own, foreign):
        SessionContingent.objects.create(
            session=session, seats_per_school=1, until=until
        )
    client.force_login(trainer)
    text = client.get(reverse("booking_contingents:index")).content.decode()
    assert "Eigener Kurs" in text
    assert "Fremder Kurs" not in text
