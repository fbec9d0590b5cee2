"""The queue's rows are written in Python (support/queue_rows.py): byte for byte
what the row template draws, for every kind of row, in both languages."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from support import tickets as helpdesk
from support.models import Ticket
from support.queue_rows import render_rows
from tests.factories import SchoolFactory, UserFactory
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db
ROW_TEMPLATE = "support/tickets/includes/queue_row.html"


@pytest.fixture
def assorted(teacher, agent, device):
    """Overdue or not, resolved, with a known, an unknown or no serial, assigned
    to an agent, to an anonymised account or to nobody, text that needs escaping."""
    odd_school = SchoolFactory(name='Schule "Am Bach" & <Söhne>', district="Hörde")
    odd = file_ticket(
        UserFactory(school=odd_school),
        subject="<script>alert('x')</script> & \"Display\"",
        serial="dmpq000000xy",
        category="lost",
    )
    known = file_ticket(teacher, serial=device.serial, category="wlan")
    plain = file_ticket(teacher, subject="Kein Gerät")
    done = file_ticket(teacher, subject="Erledigt")
    helpdesk.change_ticket(ticket=known, by=agent, assignee=agent, status="open")
    helpdesk.change_ticket(ticket=done, by=agent, status="resolved")
    gone = UserFactory(school=None, full_name="Weg", is_anonymised=True)
    Ticket.objects.filter(pk=plain.pk).update(assignee=gone, status="waiting")
    past = timezone.now() - dt.timedelta(days=3)
    Ticket.objects.filter(pk__in=[odd.pk, done.pk]).update(due_at=past)
    # A value the choices no longer know is shown as it is.
    Ticket.objects.filter(pk=done.pk).update(category="legacy")
    return Ticket.objects.order_by("pk")


@pytest.mark.parametrize("language", ["de", "en"])
def test_rows_are_the_templates_markup(assorted, language):
    with translation.override(language):
        expected = render_to_string(
            ROW_TEMPLATE, {"tickets": assorted.select_related("school", "assignee")}
        )
        written = render_rows(assorted.queue_rows())
    assert written == expected.rstrip("\n")
    assert written.count("<tr") == 4


def test_the_page_shows_the_rows_and_says_when_there_are_none(client, agent, assorted):
    client.force_login(agent)
    page = client.get(reverse("support:queue")).content.decode()
    assert page.count('<tr class="queue-row') == 3  # the resolved one is not active
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "unbekannt" in page and "überfällig" in page
    empty = client.get(reverse("support:queue"), {"q": "nichts dergleichen"})
    assert "Keine Tickets passen zu diesen Filtern." in empty.content.decode()
