"""A ticket's conversation and history as its pages show them, kept per ticket.

A ticket is read far more often than it is written to: the IT service opens it
again and again while the school waits. Its conversation and history are drawn
(`support.ticket_listings`) once and kept in the shared cache under two
versions (`portal.derived.cached_across`):

- the ticket's own, new after any message, attachment or recorded change of it
  is saved or deleted, and after the writes that bypass those signals (messages
  moved by a merge, tickets closed in bulk: `forget_tickets`);
- `portal.accounts.shown_names.PEOPLE`'s, since the pages show authors by name
  (and anonymised ones as "deleted user").

Kept per language and time zone, as the times and labels are drawn in them.
The school's page keeps a copy without internal notes apart from the IT
service's, so one can never be served for the other.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from portal.accounts.shown_names import PEOPLE
from portal.derived import Generation, cached_across, forget_all, on_save_or_delete
from support.models import Ticket, TicketAttachment, TicketEvent, TicketMessage
from support.thread_markup import conversation_html, history_html

#: A ticket nobody opened for a week has its version drawn anew when it is.
TICKET_VERSION_TIMEOUT = 7 * 24 * 3600


def conversation(ticket: Ticket, *, internal: bool) -> list[TicketMessage]:
    """The messages of a ticket, oldest first, each with its attachments in
    `files`. Which messages have files is asked with the messages, so a
    conversation without any (most) costs one query; the files are read in
    one more and grouped here, cheaper than Django's prefetch.

    `internal=False` (every school page) leaves internal notes and their files
    out in the queries, so a page can never show one by mistake.
    """
    files = TicketAttachment.objects.filter(message=OuterRef("pk"))
    messages = ticket.messages.select_related("author").annotate(
        has_files=Exists(files)
    )
    if not internal:
        messages = messages.filter(is_internal=False)
    messages = list(messages)
    with_files = [message.pk for message in messages if message.has_files]
    by_message = defaultdict(list)
    if with_files:
        for file in TicketAttachment.objects.filter(message__in=with_files).order_by(
            "pk"
        ):
            by_message[file.message_id].append(file)
    for message in messages:
        message.files = by_message[message.pk]
    return messages


def _of_ticket(ticket_id: int) -> Generation:
    return Generation(f"support:ticket:{ticket_id}", timeout=TICKET_VERSION_TIMEOUT)


def _key(what: str) -> str:
    return f"{what}:{get_language()}:{timezone.get_current_timezone_name()}"


def kept_agent_thread(ticket: Ticket):
    """What `agent_thread_html(ticket)` reads (`portal.derived.read_together`)."""
    return [_of_ticket(ticket.pk), PEOPLE], _key("agent")


def agent_thread_html(ticket: Ticket) -> tuple[SafeString, SafeString]:
    """The IT service's conversation (internal notes included) and history."""

    def draw() -> tuple[str, str]:
        return (
            str(conversation_html(ticket, conversation(ticket, internal=True))),
            str(history_html(ticket.events.select_related("actor"))),
        )

    talk, history = cached_across(*kept_agent_thread(ticket), draw)
    return SafeString(talk), SafeString(history)


def school_conversation_html(ticket: Ticket) -> SafeString:
    """The school's conversation: no internal note, no file of one."""
    return SafeString(
        cached_across(
            [_of_ticket(ticket.pk), PEOPLE],
            _key("school"),
            lambda: str(
                conversation_html(ticket, conversation(ticket, internal=False))
            ),
        )
    )


def forget_tickets(ticket_ids) -> None:
    """The records of these tickets changed without a model signal: draw their
    versions anew after the transaction commits."""
    forget_all(_of_ticket(pk) for pk in ticket_ids)


def _on_record_change(instance=None, **_kwargs) -> None:
    _of_ticket(instance.ticket_id).forget()


def connect_signals() -> None:
    on_save_or_delete(
        _on_record_change,
        TicketMessage,
        TicketAttachment,
        TicketEvent,
        uid="ticket-threads",
    )
