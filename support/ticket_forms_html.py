"""The IT service's ticket view: its reply and change forms as HTML, kept.

The reply form lists every canned reply (and the page carries each one's text
for the script), the change form every agent: rendering both cost a quarter
of the ticket view and four of its queries. Unbound, their HTML depends only
on the language, those lists and, for the change form, the ticket's status,
priority, assignee and serial; it is kept under `queue_forms.CHOICES`, which a
changed agent list or canned reply renews. A form with errors is drawn every
time, and everything while the cache is away.
"""

from __future__ import annotations

import hashlib

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from support.forms_tickets import AgentReplyForm, TicketChangeForm
from support.models import CannedReply
from support.queue_forms import CHOICES, TIMEOUT

CANNED_TEMPLATE = "support/tickets/includes/canned_replies.html"


def _reply_parts() -> tuple[str, str]:
    canned = render_to_string(
        CANNED_TEMPLATE, {"canned_replies": CannedReply.objects.all()}
    )
    return str(AgentReplyForm()), canned


def reply_form_html() -> tuple[SafeString, SafeString]:
    """The unbound reply form and the `<template>` of each canned reply."""
    key = f"reply:{translation.get_language()}"
    form, canned = CHOICES.cached(key, _reply_parts, TIMEOUT)
    return mark_safe(form), mark_safe(canned)  # noqa: S308 - rendered by templates


def change_initial(ticket) -> dict:
    return {
        "status": ticket.status,
        "priority": ticket.priority,
        "assignee": ticket.assignee_id,
        "serial": ticket.serial,
    }


def change_form_html(ticket) -> SafeString:
    """The unbound change form, showing the ticket's current values."""
    initial = change_initial(ticket)
    raw = repr([translation.get_language(), sorted(initial.items())])
    key = "change:" + hashlib.sha256(raw.encode()).hexdigest()[:32]
    html = CHOICES.cached(key, lambda: str(TicketChangeForm(initial=initial)), TIMEOUT)
    return mark_safe(html)  # noqa: S308 - Django's own form HTML
