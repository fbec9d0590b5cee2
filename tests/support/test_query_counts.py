"""How many queries the helpdesk's busiest pages cost, whatever they show.

Each number is the most a page may cost, as measured when it was set (in
brackets: before it was lowered); fewer is fine. The user, her roles, the IT
service's second factor and the session cost some of them.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from support import tickets as helpdesk
from tests.factories import SchoolFactory, UserFactory
from tests.queries import get_counting_queries
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db


def _get(client, url) -> int:
    client.get(url)  # per-process and shared caches filled
    response, queries = get_counting_queries(client, url)
    assert response.status_code == 200
    return queries


def _post(client, url, data) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302
    return len(queries)


@pytest.fixture
def busy(teacher, agent, device):
    """Sixty active tickets at many schools, one with a long history, one about
    a known device."""
    ticket = file_ticket(teacher)
    for n in range(20):
        helpdesk.reply_to_ticket(ticket=ticket, author=agent, body=f"Antwort {n}")
        helpdesk.reply_to_ticket(ticket=ticket, author=teacher, body=f"Frage {n}")
    helpdesk.change_ticket(ticket=ticket, by=agent, assignee=agent, priority="high")
    for n in range(60):
        reporter = UserFactory(school=SchoolFactory())
        file_ticket(reporter, category="wlan" if n % 2 else "app")
    return {"long": ticket, "device": file_ticket(teacher, serial=device.serial)}


def test_queue(client, agent, busy):
    client.force_login(agent)
    assert _get(client, reverse("support:queue")) <= 6  # (7)
    # a first page that holds every ticket needs no count
    assert _get(client, reverse("support:queue") + "?category=display") <= 5  # (7)


def test_ticket_view_of_the_it_service(client, agent, busy):
    client.force_login(agent)
    url = reverse("support:queue_ticket", args=[busy["long"].reference])
    assert _get(client, url) <= 8  # (14)
    url = reverse("support:queue_ticket", args=[busy["device"].reference])
    assert _get(client, url) <= 11  # (18)


def test_filing_a_ticket_and_the_teachers_list(client, teacher, busy, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(teacher)
    assert _get(client, reverse("support:tickets")) <= 3  # (4)
    data = {"category": "wlan", "subject": "WLAN weg", "description": "Seit heute."}
    # (11 with one agent: the agents and a task per e-mail; 18 with six agents)
    assert _post(client, reverse("support:report"), data) <= 9


def test_an_internal_note(client, agent, busy):
    client.force_login(agent)
    url = reverse("support:queue_reply", args=[busy["long"].reference])
    assert _post(client, url, {"body": "Intern", "internal": "on"}) <= 8  # (8)
