"""What the school's and the IT service's ticket pages share."""

from __future__ import annotations

from django.db.models import Prefetch

from support.models import Ticket, TicketAttachment, TicketMessage


def conversation(ticket: Ticket, *, internal: bool) -> list[TicketMessage]:
    """The messages of a ticket with their attachments, oldest first.

    `internal=False` (every school page) leaves internal notes out in the query,
    so a template can never show one by mistake.
    """
    messages = ticket.messages.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=TicketAttachment.objects.order_by("pk"))
    )
    if not internal:
        messages = messages.filter(is_internal=False)
    return list(messages)
