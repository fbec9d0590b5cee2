"""The helpdesk's rules, through the domain functions of support.tickets."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from support import tickets as helpdesk
from support.models import Device, Ticket, TicketEvent
from tests.support.factories import ConfigurationProfileFactory
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db
Status = Ticket.Status
Kind = TicketEvent.Kind


def test_filing_with_a_known_serial_links_device_and_its_profile(teacher, device):
    profile = ConfigurationProfileFactory(school=device.school, version=3)
    device.profile_version = profile
    device.save()
    ticket = file_ticket(teacher, serial=" f9fx k3ab cd12 ")
    assert ticket.device == device
    assert ticket.serial == "F9FXK3ABCD12"
    assert ticket.profile_version == profile
    assert ticket.status == Status.NEW
    assert ticket.reference.startswith(f"T-{timezone.localtime().year}-")
    assert ticket.messages.get().author == teacher
    assert ticket.events.get().kind == Kind.CREATED


def test_unknown_serial_is_kept_with_a_warning_flag(teacher):
    ticket = file_ticket(teacher, serial="ZZZZ99999999")
    assert ticket.device is None
    assert ticket.serial == "ZZZZ99999999"
    assert ticket.serial_unknown


def test_lost_device_ticket_starts_with_high_priority(teacher):
    ticket = file_ticket(teacher, category="lost")
    assert ticket.priority == Ticket.Priority.HIGH
    assert ticket.due_at < file_ticket(teacher, category="wlan").due_at


def test_teacher_cannot_file_for_another_school(teacher, other_school):
    with pytest.raises(helpdesk.TicketError):
        file_ticket(teacher, school=other_school)


def test_agent_public_reply_counts_as_first_response(ticket, agent):
    helpdesk.reply_to_ticket(ticket=ticket, author=agent, body="Wir kümmern uns.")
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None


def test_internal_note_is_not_a_first_response(ticket, agent):
    helpdesk.reply_to_ticket(ticket=ticket, author=agent, body="intern", internal=True)
    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_school_cannot_write_internal_notes(ticket, teacher):
    with pytest.raises(helpdesk.TicketError):
        helpdesk.reply_to_ticket(ticket=ticket, author=teacher, body="x", internal=True)


def test_agent_reply_can_set_waiting_and_school_reply_reopens(ticket, agent, teacher):
    helpdesk.reply_to_ticket(
        ticket=ticket, author=agent, body="Bitte Foto senden.", status=Status.WAITING
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING
    helpdesk.reply_to_ticket(ticket=ticket, author=teacher, body="Foto anbei.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def _resolve(ticket, agent, days_ago: int):
    helpdesk.change_ticket(ticket=ticket, by=agent, status=Status.RESOLVED)
    Ticket.objects.filter(pk=ticket.pk).update(
        resolved_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    ticket.refresh_from_db()


def test_school_reply_within_14_days_reopens_resolved_ticket(ticket, agent, teacher):
    _resolve(ticket, agent, days_ago=13)
    helpdesk.reply_to_ticket(ticket=ticket, author=teacher, body="Geht wieder nicht.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.resolved_at is None
    assert ticket.events.filter(kind=Kind.REOPENED, actor=teacher).exists()


def test_school_reply_after_14_days_asks_for_a_new_ticket(ticket, agent, teacher):
    _resolve(ticket, agent, days_ago=15)
    with pytest.raises(helpdesk.TicketError, match="neues Problem"):
        helpdesk.reply_to_ticket(ticket=ticket, author=teacher, body="Wieder kaputt.")
    assert ticket.messages.count() == 1


def test_closed_ticket_takes_no_school_reply(ticket, teacher):
    helpdesk.close_ticket(ticket=ticket, by=teacher)
    with pytest.raises(helpdesk.TicketError):
        helpdesk.reply_to_ticket(ticket=ticket, author=teacher, body="Noch was.")


def test_close_resolved_tickets_command_closes_after_14_days(teacher, agent):
    old, recent = file_ticket(teacher), file_ticket(teacher)
    _resolve(old, agent, days_ago=15)
    _resolve(recent, agent, days_ago=3)
    call_command("close_resolved_tickets", verbosity=0)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == Status.CLOSED and old.closed_at
    assert recent.status == Status.RESOLVED
    event = old.events.get(kind=Kind.AUTO_CLOSED)
    assert event.actor is None


def test_every_change_is_recorded_with_who(ticket, agent, admin):
    helpdesk.change_ticket(
        ticket=ticket,
        by=agent,
        status=Status.IN_REPAIR,
        priority=Ticket.Priority.URGENT,
        assignee=admin,
        serial="DMPZZ9ABCD01",
    )
    kinds = set(ticket.events.filter(actor=agent).values_list("kind", flat=True))
    assert {Kind.STATUS, Kind.PRIORITY, Kind.ASSIGNEE, Kind.DEVICE} <= kinds
    status_event = ticket.events.get(kind=Kind.STATUS)
    assert (status_event.old_value, status_event.new_value) == ("new", "in_repair")


def test_priority_change_recomputes_due_time(ticket, agent):
    before = ticket.due_at
    helpdesk.change_ticket(ticket=ticket, by=agent, priority=Ticket.Priority.URGENT)
    ticket.refresh_from_db()
    assert ticket.due_at < before


def test_only_agents_change_tickets_and_only_agents_are_assignees(
    ticket, coordinator, agent
):
    with pytest.raises(helpdesk.TicketError):
        helpdesk.change_ticket(ticket=ticket, by=coordinator, status=Status.CLOSED)
    with pytest.raises(helpdesk.TicketError):
        helpdesk.change_ticket(ticket=ticket, by=agent, assignee=coordinator)


def test_unassign_with_none(ticket, agent):
    helpdesk.change_ticket(ticket=ticket, by=agent, assignee=agent)
    helpdesk.change_ticket(ticket=ticket, by=agent, assignee=None)
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_bulk_assign_and_status(teacher, agent):
    tickets = [file_ticket(teacher) for _ in range(3)]
    assert helpdesk.assign_tickets(tickets=tickets, assignee=agent, by=agent) == 3
    assert helpdesk.set_tickets_status(tickets=tickets, status="open", by=agent) == 3
    assert Ticket.objects.filter(assignee=agent, status=Status.OPEN).count() == 3


def test_merge_moves_messages_and_points_to_survivor(teacher, colleague, agent):
    first = file_ticket(teacher, subject="iPad 1")
    second = file_ticket(colleague, subject="iPad 1 nochmal")
    helpdesk.merge_tickets(source=second, target=first, by=agent)
    second.refresh_from_db()
    assert second.merged_into == first and second.status == Status.CLOSED
    assert first.messages.count() == 2
    assert first.messages.filter(merged_from=second.reference).exists()
    assert first.events.filter(kind=Kind.MERGED).exists()
    with pytest.raises(helpdesk.TicketError):
        helpdesk.reply_to_ticket(ticket=second, author=agent, body="x")


def test_merge_refuses_other_school_and_itself(ticket, other_ticket, agent):
    with pytest.raises(helpdesk.TicketError):
        helpdesk.merge_tickets(source=ticket, target=other_ticket, by=agent)
    with pytest.raises(helpdesk.TicketError):
        helpdesk.merge_tickets(source=ticket, target=ticket, by=agent)


def test_confirm_lost_device_sets_status_after_agent_confirms(teacher, device, agent):
    lost = file_ticket(teacher, category="lost", serial=device.serial)
    device.refresh_from_db()
    assert device.status != Device.Status.LOST  # filing alone changes nothing
    helpdesk.confirm_lost_device(ticket=lost, by=agent)
    device.refresh_from_db()
    assert device.status == Device.Status.LOST
    assert lost.events.filter(kind=Kind.LOST_CONFIRMED, actor=agent).exists()


def test_confirm_lost_needs_agent_and_lost_category(ticket, teacher, agent):
    with pytest.raises(helpdesk.TicketError):
        helpdesk.confirm_lost_device(ticket=ticket, by=agent)
    lost = file_ticket(teacher, category="lost", serial=ticket.serial)
    with pytest.raises(helpdesk.TicketError):
        helpdesk.confirm_lost_device(ticket=lost, by=teacher)
