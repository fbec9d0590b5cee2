"""The end of a ticket's life: closing by hand or after resolution, merging two
tickets, and confirming that a reported device is lost. Re-exported by
`support.tickets`, whose rules (module docstring) apply."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.permissions import sees_all_schools
from support import school_tickets, ticket_counts, ticket_emails, ticket_threads
from support.models import Device, Ticket, TicketEvent
from support.ticket_base import (
    REOPEN_DAYS,
    Kind,
    Status,
    TicketError,
    lock_ticket,
    record_event,
    require_agent,
    set_status,
)

__all__ = [
    "close_resolved_tickets",
    "close_ticket",
    "confirm_lost_device",
    "merge_tickets",
]


@transaction.atomic
def close_ticket(*, ticket: Ticket, by) -> Ticket:
    """Close a ticket: the school when the problem is gone, or the IT service."""
    ticket = lock_ticket(ticket)
    if ticket.status == Status.CLOSED:
        raise TicketError(_("This ticket is already closed."))
    set_status(ticket, Status.CLOSED, by, timezone.now())
    if sees_all_schools(by):
        ticket_emails.status_changed(ticket)
    return ticket


@transaction.atomic
def close_resolved_tickets(*, now: dt.datetime | None = None) -> int:
    """Close every ticket resolved more than 14 days ago (run daily by cron)."""
    now = now or timezone.now()
    due = Ticket.objects.select_for_update().filter(
        status=Status.RESOLVED, resolved_at__lte=now - dt.timedelta(days=REOPEN_DAYS)
    )
    rows = list(due.values_list("pk", "school_id"))
    ids = [pk for pk, _school in rows]
    Ticket.objects.filter(pk__in=ids).update(status=Status.CLOSED, closed_at=now)
    school_tickets.forget_schools(school for _pk, school in rows)  # update(): no signal
    ticket_counts.tickets_changed()
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket_id=pk,
            kind=Kind.AUTO_CLOSED,
            old_value=Status.RESOLVED.value,
            new_value=Status.CLOSED.value,
            created_at=now,
        )
        for pk in ids
    )
    ticket_threads.forget_tickets(ids)  # bulk_create sends no signal
    return len(ids)


@transaction.atomic
def merge_tickets(*, source: Ticket, target: Ticket, by) -> Ticket:
    """Merge `source` into `target`: its messages and attachments move, it is
    closed and points to `target`. Both must belong to the same school."""
    require_agent(by)
    source, target = lock_ticket(source), lock_ticket(target)
    if source.pk == target.pk:
        raise TicketError(_("A ticket cannot be merged into itself."), field="target")
    if source.school_id != target.school_id:
        raise TicketError(
            _("Only tickets of the same school can be merged."), field="target"
        )
    if source.merged_into_id or target.merged_into_id:
        raise TicketError(
            _("One of the tickets was already merged; use the remaining ticket."),
            field="target",
        )
    source.messages.update(ticket=target, merged_from=source.reference)
    source.attachments.update(ticket=target)
    ticket_threads.forget_tickets([source.pk, target.pk])  # update() sends none
    now = timezone.now()
    source.merged_into = target
    source.status = Status.CLOSED
    source.closed_at = now
    source.save(update_fields=["merged_into", "status", "closed_at"])
    target.last_activity_at = now
    target.save(update_fields=["last_activity_at"])
    record_event(source, Kind.MERGED, by, source.reference, target.reference)
    record_event(target, Kind.MERGED, by, source.reference, target.reference)
    return target


@transaction.atomic
def confirm_lost_device(*, ticket: Ticket, by) -> Device:
    """The agent confirms a reported loss: the device's status becomes "lost"."""
    from support.devices import InventoryError, change_device_status

    require_agent(by)
    ticket = lock_ticket(ticket)
    if ticket.category != Ticket.Category.LOST:
        raise TicketError(_("Only a ticket about a lost or stolen device can do this."))
    if ticket.device is None:
        raise TicketError(
            _("Link the ticket to a device of the inventory first (change device).")
        )
    try:
        device = change_device_status(
            device=ticket.device,
            status=Device.Status.LOST,
            by=by,
            note=ticket.reference,
        )
    except InventoryError as exc:
        raise TicketError(exc.message) from exc
    record_event(
        ticket, Kind.LOST_CONFIRMED, by, ticket.device.serial, Device.Status.LOST
    )
    return device
