"""Who may see and change support data (devices, loans, profiles, tickets).

Predicates answer yes/no; getters fetch only what the user may see and raise
Http404 otherwise, so another school's objects are indistinguishable from
objects that do not exist.
"""

from __future__ import annotations

from functools import partial

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal import kept_sql
from portal.permissions import (
    can_manage_school_devices,
    can_view_school_internals,
    is_coordinator,
    sees_all_schools,
)
from portal.schools.models import School

__all__ = [
    "can_manage_school_devices",
    "can_view_school_internals",
    "get_device_for_user",
    "get_loan_for_user",
    "get_school_for_user",
    "schools_with_internals_for",
    "sees_delivery_overview",
]


def schools_with_internals_for(user) -> QuerySet[School]:
    """Schools whose devices, loans and profiles the user may see."""
    if sees_all_schools(user):
        return School.objects.all()
    if is_coordinator(user):
        return School.objects.filter(pk=user.school_id)
    return School.objects.none()


def sees_delivery_overview(user) -> bool:
    """The delivery overview of all schools is for the IT service."""
    return sees_all_schools(user)


def get_school_for_user(user, school_number: str | None = None) -> School:
    """The school page a user may open: her own, or any for the IT service."""
    if school_number is None:
        if not is_coordinator(user):
            raise Http404
        return user.school
    school = get_object_or_404(School, school_number=school_number)
    if not can_view_school_internals(user, school):
        raise Http404
    return school


def get_device_for_user(user, serial: str, *, school: School | None = None):
    from support.models import Device

    qs = Device.objects.for_user(user).select_related(
        "school", "batch", "profile_version"
    )
    if school is not None:
        qs = qs.filter(school=school)
    return get_object_or_404(qs, serial=serial)


def get_loan_for_user(user, pk: int, *, school: School | None = None):
    from support.models import Loan

    qs = Loan.objects.for_user(user).select_related("device__school", "teacher")
    if school is not None:
        qs = qs.filter(device__school=school)
    return get_object_or_404(qs, pk=pk)


# --- Tickets (helpdesk) -------------------------------------------------------
# A teacher sees the tickets she filed for her school, a coordinator all tickets
# of her school, the IT service every ticket. Everything else answers 404.

__all__ += [
    "can_close_ticket",
    "can_report_problem",
    "can_view_ticket",
    "can_work_tickets",
    "get_attachment_for_user",
    "get_message_for_user",
    "get_ticket_for_agent",
    "get_ticket_for_user",
]


def can_report_problem(user) -> bool:
    """Any teacher or coordinator of a school may file tickets for it."""
    from portal.permissions import is_school_member

    return is_school_member(user)


def can_work_tickets(user) -> bool:
    """The queue, internal notes and every change: agents and administrators."""
    return sees_all_schools(user)


def can_view_ticket(user, ticket) -> bool:
    from support.models import Ticket

    return Ticket.objects.for_user(user).filter(pk=ticket.pk).exists()


def can_close_ticket(user, ticket) -> bool:
    from support.models import Ticket

    return ticket.status != Ticket.Status.CLOSED and can_view_ticket(user, ticket)


#: What every ticket page shows besides the ticket; the ticket a merged one
#: points to is read when needed (each join costs more to build and plan than
#: the whole row).
PAGE_RELATED = ("school", "reporter")


def get_ticket_for_user(
    user, reference: str, *, related: tuple[str, ...] = PAGE_RELATED
):
    """A ticket the user may see, by reference; 404 for anyone else. `related`:
    the rows read with it; none for a change, which reads the ticket afresh."""
    from support.models import Ticket

    qs = Ticket.objects.for_user(user).select_related(*related)
    return get_object_or_404(qs, reference=reference)


def get_ticket_for_agent(
    user, reference: str, *, related: tuple[str, ...] = PAGE_RELATED
):
    """A ticket for the queue's ticket view: the IT service only, else 404.

    The IT service sees every ticket (`TicketQuerySet.for_user`), so the query
    is the same for every agent: its SQL is kept (`portal.kept_sql`)."""
    if not can_work_tickets(user):
        raise Http404
    found = kept_sql.instances(
        ("agent-ticket", related), partial(_ticket_by_reference, related), reference
    )
    if not found:
        raise Http404
    return found[0]


def _ticket_by_reference(related: tuple[str, ...], reference: str):
    from support.models import Ticket

    return Ticket.objects.select_related(*related).filter(reference=reference)[:1]


def get_message_for_user(user, reference: str, pk: int):
    """A message of a visible ticket; internal notes only for the IT service."""
    ticket = get_ticket_for_user(user, reference, related=())
    messages = ticket.messages.all()
    if not can_work_tickets(user):
        messages = messages.filter(is_internal=False)
    return get_object_or_404(messages, pk=pk)


def get_attachment_for_user(user, reference: str, pk: int):
    """An attachment of a visible ticket; those of internal notes only for the
    IT service."""
    ticket = get_ticket_for_user(user, reference, related=())
    attachments = ticket.attachments.select_related("message")
    if not can_work_tickets(user):
        attachments = attachments.filter(message__is_internal=False)
    return get_object_or_404(attachments, pk=pk)
