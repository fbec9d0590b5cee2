"""A ticket's conversation and history are kept per ticket (support/ticket_threads.py):
drawn once, drawn again after anything they show changed, never one page's copy
on another."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.accounts.services import anonymise_user
from support import tickets as helpdesk
from support.models import Ticket
from support.thread_markup import conversation_html, history_html
from support.ticket_threads import (
    agent_thread_html,
    conversation,
    school_conversation_html,
)
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db


def drawn(ticket):
    """What the pages showed before anything was kept."""
    return (
        conversation_html(ticket, conversation(ticket, internal=True)),
        history_html(ticket.events.select_related("actor")),
    )


def test_kept_thread_is_what_is_drawn_and_costs_no_query(
    teacher, agent, django_assert_num_queries, django_capture_on_commit_callbacks
):
    ticket = file_ticket(teacher, subject="Display <kaputt>")
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.reply_to_ticket(
            ticket=ticket, author=agent, body="Notiz & <mehr>", internal=True
        )
        helpdesk.change_ticket(ticket=ticket, by=agent, status="open")
    with translation.override("de"):
        expected = drawn(ticket)
        assert agent_thread_html(ticket) == expected
        with django_assert_num_queries(0):
            assert agent_thread_html(ticket) == expected


def test_a_reply_and_a_change_show_at_once(
    client, teacher, agent, django_capture_on_commit_callbacks
):
    ticket = file_ticket(teacher)
    url = reverse("support:queue_ticket", args=[ticket.reference])
    client.force_login(agent)
    assert "Neue Antwort" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.reply_to_ticket(ticket=ticket, author=agent, body="Neue Antwort")
    page = client.get(url).content.decode()
    assert "Neue Antwort" in page
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.change_ticket(ticket=ticket, by=agent, priority="urgent")
    assert "Dringend" in client.get(url).content.decode().split('id="history')[-1]


def test_school_page_never_gets_the_agents_copy(
    client, teacher, agent, django_capture_on_commit_callbacks
):
    ticket = file_ticket(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.reply_to_ticket(
            ticket=ticket,
            author=agent,
            body="Nur intern: Gerät tauschen",
            internal=True,
        )
    client.force_login(agent)
    client.get(reverse("support:queue_ticket", args=[ticket.reference]))
    assert "Nur intern" in agent_thread_html(ticket)[0]
    client.force_login(teacher)
    page = client.get(reverse("support:ticket", args=[ticket.reference]))
    assert "Nur intern" not in page.content.decode()
    assert "Nur intern" not in school_conversation_html(ticket)


def test_an_anonymised_author_shows_as_deleted_user(
    teacher, agent, django_capture_on_commit_callbacks
):
    ticket = file_ticket(teacher)
    with translation.override("de"):
        assert "Lea Lehrerin" in agent_thread_html(ticket)[0]
        with django_capture_on_commit_callbacks(execute=True):
            anonymise_user(user=teacher)
        talk = agent_thread_html(ticket)[0]
    assert "Lea Lehrerin" not in talk
    assert "gelöschte Person" in talk


def test_a_login_keeps_the_thread(
    teacher, agent, django_assert_num_queries, django_capture_on_commit_callbacks
):
    ticket = file_ticket(teacher)
    agent_thread_html(ticket)
    with django_capture_on_commit_callbacks(execute=True):
        agent.last_login = timezone.now()
        agent.save(update_fields=["last_login"])
    with django_assert_num_queries(0):
        agent_thread_html(ticket)


def test_kept_per_language(teacher, agent, django_capture_on_commit_callbacks):
    ticket = file_ticket(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.change_ticket(ticket=ticket, by=agent, priority="urgent")
    with translation.override("de"):
        german = agent_thread_html(ticket)[1]
    with translation.override("en"):
        english = agent_thread_html(ticket)[1]
    assert "Dringend" in german and "Urgent" in english


def test_closing_in_bulk_and_merging_draw_the_thread_anew(
    teacher, agent, django_capture_on_commit_callbacks
):
    """Both write records without model signals."""
    resolved = file_ticket(teacher, subject="Erledigt")
    source = file_ticket(teacher, subject="Doppelt", body="Zweite Meldung")
    target = file_ticket(teacher, subject="Original")
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.change_ticket(ticket=resolved, by=agent, status="resolved")
    with translation.override("en"):
        before = agent_thread_html(resolved)[1]
        assert "Closed automatically" not in before
        assert "Zweite Meldung" not in agent_thread_html(target)[0]
        Ticket.objects.filter(pk=resolved.pk).update(
            resolved_at=timezone.now() - dt.timedelta(days=30)
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert helpdesk.close_resolved_tickets() == 1
            helpdesk.merge_tickets(source=source, target=target, by=agent)
        assert agent_thread_html(resolved)[1] == drawn(resolved)[1] != before
        assert "Zweite Meldung" in agent_thread_html(target)[0]
