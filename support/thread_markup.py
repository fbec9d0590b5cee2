"""A ticket's conversation and history, written in Python: byte for byte the
templates `support/tickets/includes/conversation.html` and `history.html`,
tested against them in both languages (each message through the template
engine cost about half a millisecond)."""

from __future__ import annotations

from html import escape

from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from portal.markup import label, labels
from support.markup import Clock
from support.models import TicketEvent

MESSAGE = (
    '\n  <li id="message-{pk}" class="message-entry{internal_entry}">\n'
    '    <p class="message-entry__meta">\n'
    "      <strong>{author}</strong>\n"
    '      <time datetime="{created_iso}">{created}</time>\n'
    "      {internal_badge}\n"
    "      {merged_from}\n"
    "    </p>\n"
    '    <div class="message-entry__body">{body}</div>\n'
    "    {attachments}\n"
    "  </li>\n  "
)
ATTACHMENTS = (
    '\n    <ul class="attachments" aria-label="{label}">\n      {files}'
    "\n    </ul>\n    "
)
ATTACHMENT = (
    '\n      <li><a href="{url}" download>{name}</a>'
    ' <span class="muted">({size})</span></li>\n      '
)
EVENT = (
    '\n      <li><time datetime="{created_iso}">{created}</time> –\n'
    "        {kind}{change}\n"
    '        <span class="muted">({actor})</span></li>\n      '
)


def _attachments(ticket, message) -> str:
    if not message.files:
        return ""
    files = "".join(
        ATTACHMENT.format(
            url=escape(
                reverse("support:ticket_attachment", args=[ticket.reference, f.pk])
            ),
            name=escape(f.name),
            size=filesizeformat(f.size),
        )
        for f in message.files
    )
    return ATTACHMENTS.format(label=escape(gettext("Attachments")), files=files)


def conversation_html(ticket, messages) -> SafeString:
    """The conversation of a ticket page: `messages` as `conversation()` reads
    them (internal notes only if the page may show them)."""
    internal_badge = (
        f'<span class="badge badge--warn">{escape(gettext("Internal note"))}</span>'
    )
    merged_from = gettext("from %(ref)s")
    time = Clock()
    html = ['\n<ol class="conversation">\n  ']
    for message in messages:
        created_iso, created = time(message.created_at)
        merged = ""
        if message.merged_from:
            text = merged_from % {"ref": escape(message.merged_from)}
            merged = f'<span class="muted">{text}</span>'
        html.append(
            MESSAGE.format(
                pk=message.pk,
                internal_entry=" message-entry--internal"
                if message.is_internal
                else "",
                author=escape(message.author.display_name),
                created_iso=created_iso,
                created=created,
                internal_badge=internal_badge if message.is_internal else "",
                merged_from=merged,
                body=linebreaksbr(message.body, autoescape=True),
                attachments=_attachments(ticket, message),
            )
        )
    html.append("\n</ol>\n")
    return SafeString("".join(html))


def history_html(events) -> SafeString:
    """The `<li>` of each recorded change, oldest first."""
    kinds = labels(TicketEvent.Kind)
    system = escape(gettext("system"))
    time = Clock()
    html = []
    for event in events:
        created_iso, created = time(event.created_at)
        change = ""
        if event.old_value or event.new_value:
            old = escape(event.old_display) if event.old_display else "–"
            new = escape(event.new_display) if event.new_display else "–"
            change = f": {old} → {new}"
        actor = escape(event.actor.display_name) if event.actor else system
        html.append(
            EVENT.format(
                created_iso=created_iso,
                created=created,
                kind=label(kinds, event.kind),
                change=change,
                actor=actor,
            )
        )
    return SafeString("".join(html))
