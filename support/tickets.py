"""Domain rules of the helpdesk: one function per use case.

Every function is keyword-only, runs in a transaction, records each change as a
`TicketEvent` (who, when, from, to) and queues its e-mails with
`transaction.on_commit`, so nothing is sent for a change that rolled back.
Views, the admin, the cron command, the demo and the tests all call these.

Rules:
- Only the IT service (agents, administrators) changes status, priority,
  assignee and device, writes internal notes, merges and confirms losses.
- A school reply to a ticket waiting for the school or resolved less than
  `REOPEN_DAYS` days ago reopens it; later (or once closed) a new ticket is needed.
- Resolved tickets close automatically `REOPEN_DAYS` days after resolution.
- Internal notes never leave the IT service: no school page, e-mail or export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.permissions import sees_all_schools
from portal.schools.models import School
from support import ticket_emails
from support.attachments import CleanFile
from support.models import (
    Device,
    Ticket,
    TicketAttachment,
    TicketMessage,
)
from support.models.inventory import normalise_serial
from support.references import next_reference
from support.sla import due_times
from support.ticket_base import (
    REOPEN_DAYS,
    UNCHANGED,
    Kind,
    Status,
    TicketError,
    lock_ticket,
    record_event,
    require_agent,
    set_status,
)
from support.ticket_lifecycle import (
    close_resolved_tickets,
    close_ticket,
    confirm_lost_device,
    merge_tickets,
)

__all__ = [
    "REOPEN_DAYS",
    "UNCHANGED",
    "TicketError",
    "assign_tickets",
    "change_ticket",
    "close_resolved_tickets",
    "close_ticket",
    "confirm_lost_device",
    "merge_tickets",
    "open_ticket",
    "reply_to_ticket",
    "school_may_reply",
    "set_tickets_status",
]


def _find_device(serial: str, *, school: School | None = None) -> Device | None:
    """The device with this serial; for a school's report only one of that school.

    A school must never link (and let the agent act on) another school's device by
    typing its serial; the agent may link any device, and the panel then says so.
    """
    if not serial:
        return None
    devices = Device.objects.filter(serial=serial)
    if school is not None:
        devices = devices.filter(school=school)
    return devices.first()


def _attach(*, ticket: Ticket, message: TicketMessage, files: Sequence[CleanFile], by):
    for clean in files:
        attachment = TicketAttachment(
            ticket=ticket,
            message=message,
            name=clean.name,
            content_type=clean.content_type,
            size=clean.size,
            uploaded_by=by,
        )
        attachment.file.save(clean.name, ContentFile(clean.content), save=False)
        attachment.save()


@transaction.atomic
def open_ticket(
    *,
    school: School,
    reporter,
    category: str,
    subject: str,
    body: str,
    serial: str = "",
    files: Sequence[CleanFile] = (),
) -> Ticket:
    """File a ticket for `school` by one of its teachers or coordinators.

    A serial the inventory knows links the device (and the profile version it
    carries); an unknown serial is kept as typed so the IT service sees a warning
    and can correct the inventory. Lost or stolen devices start with high priority.
    The IT service and the reporter are told by e-mail.
    """
    if reporter.school_id != school.pk:
        raise TicketError(_("You can only report problems for your own school."))
    if not subject.strip() or not body.strip():
        raise TicketError(_("Enter a subject and describe the problem."))
    category = Ticket.Category(category)
    serial = normalise_serial(serial)
    device = _find_device(serial, school=school)
    priority = (
        Ticket.Priority.HIGH
        if category == Ticket.Category.LOST
        else Ticket.Priority.NORMAL
    )
    now = timezone.now()
    due = due_times(priority=priority, opened_at=now)
    ticket = Ticket.objects.create(
        reference=next_reference(year=timezone.localtime(now).year),
        school=school,
        reporter=reporter,
        device=device,
        serial=serial,
        profile_version_id=device.profile_version_id if device else None,
        subject=subject.strip(),
        category=category,
        priority=priority,
        created_at=now,
        last_activity_at=now,
        response_due_at=due.response_due_at,
        due_at=due.resolution_due_at,
    )
    message = TicketMessage.objects.create(
        ticket=ticket, author=reporter, body=body.strip(), created_at=now
    )
    _attach(ticket=ticket, message=message, files=files, by=reporter)
    record_event(ticket, Kind.CREATED, reporter, new=ticket.reference)
    ticket_emails.ticket_opened(ticket)
    return ticket


def school_may_reply(ticket: Ticket, *, now: dt.datetime | None = None) -> bool:
    """Whether the school can still answer (and so reopen) the ticket: not when
    it is closed or merged, nor resolved more than 14 days ago."""
    if ticket.merged_into_id or ticket.status == Status.CLOSED:
        return False
    if ticket.status == Status.RESOLVED:
        now = now or timezone.now()
        return now - ticket.resolved_at <= dt.timedelta(days=REOPEN_DAYS)
    return True


def _reopen_for_school_reply(ticket: Ticket, by, now: dt.datetime) -> None:
    if not school_may_reply(ticket, now=now):
        raise TicketError(
            _(
                "This ticket is closed. Please report a new problem; you can mention "
                "%(reference)s in it."
            )
            % {"reference": ticket.reference}
        )
    if ticket.status == Status.RESOLVED:
        set_status(ticket, Status.OPEN, by, now, kind=Kind.REOPENED)
    elif ticket.status == Status.WAITING:
        set_status(ticket, Status.OPEN, by, now)


@transaction.atomic
def reply_to_ticket(
    *,
    ticket: Ticket,
    author,
    body: str,
    internal: bool = False,
    files: Sequence[CleanFile] = (),
    status: str | None = None,
) -> TicketMessage:
    """Add a public reply or (IT service only) an internal note.

    A school reply reopens a ticket that waits for the school or was resolved
    less than 14 days ago, and tells the assignee. A public reply of the IT
    service counts as the first response and tells the reporter. `status`
    lets an agent set the status in the same step ("reply and wait for school").
    """
    ticket = lock_ticket(ticket)
    agent = sees_all_schools(author)
    if ticket.merged_into_id:
        raise TicketError(
            _("This ticket was merged into %(reference)s; please reply there.")
            % {"reference": ticket.merged_into.reference}
        )
    if internal and not agent:
        raise TicketError(_("Only the IT service can write internal notes."))
    if not body.strip():
        raise TicketError(_("Write a message before sending."), field="body")
    now = timezone.now()
    if not agent:
        _reopen_for_school_reply(ticket, author, now)
    message = TicketMessage.objects.create(
        ticket=ticket,
        author=author,
        body=body.strip(),
        is_internal=internal,
        created_at=now,
    )
    _attach(ticket=ticket, message=message, files=files, by=author)
    if not internal:
        ticket.last_activity_at = now
        if agent and ticket.first_response_at is None:
            ticket.first_response_at = now
        ticket.save(update_fields=["last_activity_at", "first_response_at"])
    if agent and status:
        set_status(ticket, Status(status), author, now)
    if agent and not internal:
        ticket_emails.public_reply(ticket)
    elif not agent:
        ticket_emails.school_reply(ticket)
    return message


@transaction.atomic
def change_ticket(
    *,
    ticket: Ticket,
    by,
    status: str | None = None,
    priority: str | None = None,
    assignee=UNCHANGED,
    serial: str | None = None,
) -> Ticket:
    """Change status, priority, assignee (None: nobody) or device; IT service only.

    A new priority recomputes the due times from the time the ticket was filed.
    A serial the inventory does not know is kept and shown with a warning.
    The reporter is told about a new status.
    """
    require_agent(by)
    ticket = lock_ticket(ticket)
    if ticket.merged_into_id:
        raise TicketError(_("A merged ticket cannot be changed."))
    now = timezone.now()
    if priority and priority != ticket.priority:
        old = ticket.priority
        ticket.priority = Ticket.Priority(priority)
        due = due_times(priority=ticket.priority, opened_at=ticket.created_at)
        ticket.response_due_at = due.response_due_at
        ticket.due_at = due.resolution_due_at
        ticket.save(update_fields=["priority", "response_due_at", "due_at"])
        record_event(ticket, Kind.PRIORITY, by, old, ticket.priority)
    if assignee is not UNCHANGED and assignee != ticket.assignee:
        if assignee is not None and not sees_all_schools(assignee):
            raise TicketError(
                _("Tickets can only be assigned to the IT service."), field="assignee"
            )
        old_name = ticket.assignee.display_name if ticket.assignee else ""
        ticket.assignee = assignee
        ticket.save(update_fields=["assignee"])
        new_name = assignee.display_name if assignee else ""
        record_event(ticket, Kind.ASSIGNEE, by, old_name, new_name)
    if serial is not None and normalise_serial(serial) != ticket.serial:
        old_serial = ticket.serial
        ticket.serial = normalise_serial(serial)
        ticket.device = _find_device(ticket.serial)
        ticket.save(update_fields=["serial", "device"])
        record_event(ticket, Kind.DEVICE, by, old_serial, ticket.serial)
    if status and set_status(ticket, Status(status), by, now):
        ticket_emails.status_changed(ticket)
    return ticket


@transaction.atomic
def assign_tickets(*, tickets: Iterable[Ticket], assignee, by) -> int:
    """Assign many tickets at once (None: unassign); returns how many changed."""
    require_agent(by)
    changed = 0
    for ticket in tickets:
        if ticket.assignee_id != (assignee.pk if assignee else None):
            change_ticket(ticket=ticket, by=by, assignee=assignee)
            changed += 1
    return changed


@transaction.atomic
def set_tickets_status(*, tickets: Iterable[Ticket], status: str, by) -> int:
    """Set the status of many tickets at once; returns how many changed."""
    require_agent(by)
    changed = 0
    for ticket in tickets:
        if ticket.status != status and not ticket.merged_into_id:
            change_ticket(ticket=ticket, by=by, status=status)
            changed += 1
    return changed
