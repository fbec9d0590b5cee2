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
