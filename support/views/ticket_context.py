"""What the school's and the IT service's ticket pages share."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef

from support.models import Ticket, TicketAttachment, TicketMessage


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
