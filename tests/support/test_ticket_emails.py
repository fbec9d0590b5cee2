"""The helpdesk's e-mails: one task per change, rendered and sent by the worker
(support/ticket_emails.py), to the same people with the same content as before."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from portal import roles
from support import tickets as helpdesk
from tests.factories import staff_user
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_agent(db):
    agent = staff_user(roles.AGENT, full_name="Emma English", email="emma@it.example")
    agent.preferred_language = "en"
    agent.save()
    return agent


def test_filing_mails_every_agent_in_their_language_and_the_reporter(
    teacher, agent, english_agent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = file_ticket(teacher, subject="Display & Hülle")
    by_address = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_address) == sorted(
        [agent.email, english_agent.email, teacher.email]
    )
    assert all(len(m.to) == 1 for m in mailoutbox)
    german, english = by_address[agent.email], by_address[english_agent.email]
    assert german.subject.startswith("Neues Ticket " + ticket.reference)
    assert english.subject.startswith("New ticket " + ticket.reference)
    queue_url = reverse("support:queue_ticket", args=[ticket.reference])
    assert queue_url in german.body and queue_url in english.body
    assert "Grundschule Am Park" in german.body and "Display & Hülle" in german.body
    school_url = reverse("support:ticket", args=[ticket.reference])
    assert school_url in by_address[teacher.email].body


def test_an_inactive_agent_or_reporter_gets_nothing(
    teacher, agent, english_agent, mailoutbox, django_capture_on_commit_callbacks
):
    english_agent.is_active = False
    english_agent.save()
    teacher.is_active = False
    teacher.save()
    with django_capture_on_commit_callbacks(execute=True):
        file_ticket(teacher)
    assert [m.to for m in mailoutbox] == [[agent.email]]


def test_each_status_mail_names_the_status_of_its_own_change(
    teacher, agent, mailoutbox, django_capture_on_commit_callbacks
):
    ticket = file_ticket(teacher)
    with django_capture_on_commit_callbacks() as callbacks:
        helpdesk.change_ticket(ticket=ticket, by=agent, status="in_repair")
        helpdesk.change_ticket(ticket=ticket, by=agent, status="resolved")
    for callback in callbacks:  # the worker comes after both changes
        callback()
    assert [m.body.splitlines()[5] for m in mailoutbox] == [
        "Status: In Reparatur",
        "Status: Gelöst",
    ]


def test_a_school_reply_goes_to_the_assignee_it_had_then(
    teacher, agent, english_agent, mailoutbox, django_capture_on_commit_callbacks
):
    ticket = file_ticket(teacher)
    helpdesk.change_ticket(ticket=ticket, by=agent, assignee=agent)
    with django_capture_on_commit_callbacks() as callbacks:
        helpdesk.reply_to_ticket(ticket=ticket, author=teacher, body="Noch da?")
    helpdesk.change_ticket(ticket=ticket, by=agent, assignee=english_agent)
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [[agent.email]]


def test_filing_writes_one_task_row_in_the_request(
    client, teacher, agent, english_agent, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("support:report"),
            {"category": "wlan", "subject": "WLAN weg", "description": "Seit heute."},
        )
    assert response.status_code == 302
    task = DBTaskResult.objects.get()
    assert task.task_path == "support.ticket_emails.send_ticket_emails"


def test_status_and_category_are_named_in_the_recipients_language(
    teacher, agent, english_agent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = file_ticket(teacher, category="wlan")
    by_address = {m.to[0]: m for m in mailoutbox}
    assert "ein neues Problem gemeldet (WLAN)" in by_address[agent.email].body
    assert "reported a new problem (WLAN)" in by_address[english_agent.email].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.change_ticket(ticket=ticket, by=agent, status="waiting")
    (status_mail,) = mailoutbox
    assert status_mail.subject == f"Ticket {ticket.reference}: Wartet auf Schule"
    assert "Ihres Tickets ist jetzt: Wartet auf Schule." in status_mail.body
    html = status_mail.alternatives[0][0]
    assert "partial" not in status_mail.body + html
