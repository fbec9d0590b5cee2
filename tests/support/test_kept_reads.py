"""The queue and the agent's ticket view read everything they keep in the shared
cache (counts, saved filters, forms, panels, thread) with one round trip."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.queries import page_round_trips
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db


def _round_trips(client, url: str) -> tuple[int, str]:
    client.get(url)  # everything computed and kept
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        response = client.get(url)
    assert response.status_code == 200
    return page_round_trips(get_many), response.content.decode()


@pytest.mark.parametrize(
    ("query", "shown"), [("", True), ("?status=new&priority=urgent", False)]
)
def test_the_queue_reads_what_it_keeps_at_once(client, agent, teacher, query, shown):
    file_ticket(teacher, subject="Beamer flackert")  # new, normal priority
    client.force_login(agent)
    trips, page = _round_trips(client, reverse("support:queue") + query)
    assert trips == 1
    assert ("Beamer flackert" in page) is shown


def test_the_ticket_view_reads_what_it_keeps_at_once(client, agent, teacher):
    ticket = file_ticket(teacher, subject="Beamer flackert", body="Seit Montag.")
    file_ticket(teacher, subject="Noch ein Ticket")
    client.force_login(agent)
    trips, page = _round_trips(
        client, reverse("support:queue_ticket", args=[ticket.reference])
    )
    assert trips == 1
    assert "Seit Montag." in page and "Noch ein Ticket" in page
