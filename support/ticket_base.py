"""What every helpdesk use case shares: the rule error, the "leave as it is"
marker, the event record (who, when, from, to), the row lock and the status
transition. Internal to `support.tickets` and `support.ticket_lifecycle`."""

from __future__ import annotations

import datetime as dt
import enum

from django.utils.translation import gettext as _

from portal.permissions import sees_all_schools
from support.models import Ticket, TicketEvent

REOPEN_DAYS = 14
Status = Ticket.Status
Kind = TicketEvent.Kind


class _Unchanged(enum.Enum):
    UNCHANGED = "unchanged"


#: Passed for "leave as it is" where None means "set to nothing" (the assignee).
UNCHANGED = _Unchanged.UNCHANGED


class TicketError(Exception):
    """A helpdesk rule was broken; the message says what to do instead."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def require_agent(user) -> None:
    if not sees_all_schools(user):
        raise TicketError(_("Only the IT service can do this."))


def record_event(
    ticket: Ticket, kind: str, by, old: object = "", new: object = ""
) -> None:
    TicketEvent.objects.create(
        ticket=ticket,
        actor=by,
        kind=kind,
        old_value=str(old or "")[:200],
        new_value=str(new or "")[:200],
    )


def lock_ticket(ticket: Ticket) -> Ticket:
    """The ticket row, locked until commit, with fresh values."""
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def set_status(
    ticket: Ticket, status: Status, by, now: dt.datetime, kind: str = Kind.STATUS
) -> bool:
    old = ticket.status
    if status == old:
        return False
    ticket.status = status
    if status == Status.RESOLVED:
        ticket.resolved_at = now
    elif status == Status.CLOSED:
        ticket.closed_at = now
    if status in (Status.NEW, Status.OPEN, Status.WAITING, Status.IN_REPAIR):
        ticket.resolved_at = None
        ticket.closed_at = None
    ticket.last_activity_at = now
    ticket.save(
        update_fields=["status", "resolved_at", "closed_at", "last_activity_at"]
    )
    record_event(ticket, kind, by, old, status.value)
    return True
