"""A finding, fixed: a ticket of school A filed with the serial of school B's device
was linked to B's device, so the agent saw B's device, profile and loan on A's ticket
and "confirm lost" would have marked B's device lost. The serial is kept as typed and
shown to the agent as not in the school's inventory."""

import pytest
from django.urls import reverse

from support.models import Ticket

pytestmark = pytest.mark.django_db


def test_serial_of_another_schools_device_is_not_linked(world, clients):
    response = clients["teacher"].post(
        reverse("support:report"),
        {
            "category": "lost",
            "subject": "Gestohlen",
            "description": "Weg",
            "serial": world.other_device.serial,
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.order_by("-pk").first()
    assert ticket.school == world.school
    assert ticket.device_id != world.other_device.pk
    assert ticket.serial == world.other_device.serial  # kept as typed, with a warning
