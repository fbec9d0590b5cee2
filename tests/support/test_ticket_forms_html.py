"""The ticket view's reply and change forms are kept as HTML (support/
ticket_forms_html.py): what they offer and show changes at once all the same."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from portal import roles
from support import tickets as helpdesk
from support.models import CannedReply
from tests.factories import staff_user
from tests.queries import get_counting_queries
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, agent, teacher):
    """GET the agent's view of one ticket: (soup, number of queries)."""
    ticket = file_ticket(teacher)
    client.force_login(agent)
    url = reverse("support:queue_ticket", args=[ticket.reference])

    def get(language="de"):
        client.cookies["django_language"] = language
        response, queries = get_counting_queries(client, url)
        assert response.status_code == 200
        return BeautifulSoup(response.content, "html.parser"), queries

    get.ticket = ticket
    return get


def _options(soup, select_id: str) -> list[str]:
    return [o.text for o in soup.select(f"select#{select_id} option")]


def _selected(soup, select_id: str) -> str:
    return soup.select_one(f"select#{select_id} option[selected]")["value"]


def test_the_forms_are_drawn_once_and_shown_alike(page):
    CannedReply.objects.create(title="Neustart", body="Bitte neu starten.")
    first, drawn = page()
    second, kept = page()
    assert kept <= drawn - 4  # canned replies twice, the agents' group and agents
    for token in first.select("[name=csrfmiddlewaretoken]") + second.select(
        "[name=csrfmiddlewaretoken]"
    ):
        token.decompose()
    assert str(first.select_one("form#agent-reply")) == str(
        second.select_one("form#agent-reply")
    )
    assert _options(second, "id_canned_reply") == ["(keiner)", "Neustart"]
    assert second.select_one("template#canned-1, template[id^=canned-]").text == (
        "Bitte neu starten."
    )
    assert "Anton Agent" in _options(second, "change_assignee")


def test_a_new_changed_or_deleted_canned_reply_shows_at_once(
    page, django_capture_on_commit_callbacks
):
    page()
    with django_capture_on_commit_callbacks(execute=True):
        canned = CannedReply.objects.create(title="WLAN", body="Bitte <WLAN> prüfen.")
    soup, _n = page()
    assert "WLAN" in _options(soup, "id_canned_reply")
    assert soup.select_one(f"template#canned-{canned.pk}").text == (
        "Bitte <WLAN> prüfen."
    )
    with django_capture_on_commit_callbacks(execute=True):
        canned.body = "Bitte das WLAN neu wählen."
        canned.save()
    soup, _n = page()
    assert soup.select_one(f"template#canned-{canned.pk}").text == (
        "Bitte das WLAN neu wählen."
    )
    with django_capture_on_commit_callbacks(execute=True):
        canned.delete()
    soup, _n = page()
    assert "WLAN" not in _options(soup, "id_canned_reply")
    assert not soup.select("template[id^=canned-]")


def test_the_change_form_shows_the_tickets_current_values(page, agent):
    soup, _n = page()
    assert (_selected(soup, "change_status"), _selected(soup, "change_priority")) == (
        "new",
        "normal",
    )
    helpdesk.change_ticket(
        ticket=page.ticket,
        by=agent,
        status="in_repair",
        priority="urgent",
        assignee=agent,
        serial="DMPQ000000XY",
    )
    soup, _n = page()
    assert _selected(soup, "change_status") == "in_repair"
    assert _selected(soup, "change_priority") == "urgent"
    assert _selected(soup, "change_assignee") == str(agent.pk)
    assert soup.select_one("input#change_serial")["value"] == "DMPQ000000XY"


def test_a_new_agent_and_one_who_left_show_at_once(
    page, django_capture_on_commit_callbacks
):
    page()
    with django_capture_on_commit_callbacks(execute=True):
        colleague = staff_user(roles.AGENT, full_name="Berta Neu", email="b@it.ex")
    soup, _n = page()
    assert "Berta Neu" in _options(soup, "change_assignee")
    with django_capture_on_commit_callbacks(execute=True):
        colleague.groups.remove(Group.objects.get(name=roles.AGENT))
    soup, _n = page()
    assert "Berta Neu" not in _options(soup, "change_assignee")


def test_each_language_has_its_forms(page):
    german, _n = page("de")
    english, _n = page("en")
    assert "(keiner)" in _options(german, "id_canned_reply")
    assert "(none)" in _options(english, "id_canned_reply")
    assert "Neu" in _options(german, "change_status")
    assert "New" in _options(english, "change_status")


def test_a_form_with_errors_is_shown_with_them_and_not_kept(client, page):
    page()
    url = reverse("support:queue_change", args=[page.ticket.reference])
    response = client.post(url, {"status": "open", "priority": "sofort"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select("#change_priority_error, .field--error")
    clean, _n = page()
    assert not clean.select(".field--error")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_kept_forms_are_the_forms_own_html(teacher, agent, language):
    from support.forms_tickets import AgentReplyForm, TicketChangeForm
    from support.ticket_forms_html import agent_forms_html, change_initial

    CannedReply.objects.create(title="Neustart", body="Bitte <neu> starten.")
    ticket = file_ticket(teacher, serial="DMPQ000000XY")
    helpdesk.change_ticket(ticket=ticket, by=agent, assignee=agent, priority="high")
    with translation.override(language):
        for _twice in range(2):
            kept = agent_forms_html(ticket)
            assert kept.change_form == str(
                TicketChangeForm(initial=change_initial(ticket))
            )
            assert kept.reply_form == str(AgentReplyForm())
            assert "Bitte &lt;neu&gt; starten." in kept.canned_replies
        # The serial has no key of its own: the kept field takes any value.
        for serial in ("F9FXK3ABCD12", "", "A<b>&\"'x", "S3R1ALST4NDINK33P5"):
            ticket.serial = serial
            assert agent_forms_html(ticket).change_form == str(
                TicketChangeForm(initial=change_initial(ticket))
            )
