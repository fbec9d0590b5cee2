"""The IT service's ticket view: its reply and change forms as HTML, kept.

The reply form lists every canned reply (and the page carries each one's text
for the script), the change form every agent: rendering both cost a quarter
of the ticket view and four of its queries. Unbound, they depend only on the
language, those lists and the ticket's status, priority and assignee, plus
its serial, which only the last field shows. So the reply form, the canned
texts and the change form's first three fields are kept together under
`queue_forms.CHOICES` (which a changed agent list or canned reply renews),
per language and combination of those three values, a few hundred at most.
The serial field, whose value is any ticket's own, is kept drawn empty and
drawn with a stand-in value, which the ticket's (escaped as Django escapes it)
replaces. A form with errors is drawn every time, and everything while the
cache is away.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.derived import cached_across
from support.forms_tickets import AgentReplyForm, TicketChangeForm, agents_queryset
from support.models import CannedReply
from support.queue_forms import CHOICES, TIMEOUT

CANNED_TEMPLATE = "support/tickets/includes/canned_replies.html"
#: The change form's fields kept per combination of their values.
KEPT_CHANGE_FIELDS = ("status", "priority", "assignee")
#: Stands in for the ticket's serial in the kept serial field: letters and
#: digits only, so escaping leaves it as it is, and no serial is this long.
CHANGE_FIELDS = tuple(TicketChangeForm.base_fields)
SERIAL_STAND_IN = "S3R1ALST4NDINK33P5" * 3


@dataclass(frozen=True)
class AgentForms:
    reply_form: SafeString
    canned_replies: SafeString
    change_form: SafeString


def change_initial(ticket) -> dict:
    return {
        "status": ticket.status,
        "priority": ticket.priority,
        "assignee": ticket.assignee_id,
        "serial": ticket.serial,
    }


def _draw(initial: dict) -> tuple[str, str, dict[str, str]]:
    canned = render_to_string(
        CANNED_TEMPLATE, {"canned_replies": CannedReply.objects.all()}
    )
    change = TicketChangeForm(initial=initial)
    change.fields["assignee"].queryset = agents_queryset()  # planned by group id
    fields = {name: change[name].as_field_group() for name in KEPT_CHANGE_FIELDS}
    for kept, serial in (("serial:empty", ""), ("serial:value", SERIAL_STAND_IN)):
        form = TicketChangeForm(initial={**initial, "serial": serial})
        fields[kept] = form["serial"].as_field_group()
    return str(AgentReplyForm()), canned, fields


def _serial_field(fields: dict[str, str], serial: str) -> str:
    if not serial:
        return fields["serial:empty"]
    return fields["serial:value"].replace(SERIAL_STAND_IN, escape(serial))


def _kept_for(initial: dict):
    kept = [translation.get_language()] + [initial[name] for name in KEPT_CHANGE_FIELDS]
    return CHOICES.kept(
        "agent-forms:2:" + hashlib.sha256(repr(kept).encode()).hexdigest()[:32]
    )


def kept_forms(ticket):
    """What `agent_forms_html(ticket)` reads (`portal.derived.read_together`)."""
    return _kept_for(change_initial(ticket))


def agent_forms_html(ticket) -> AgentForms:
    """The unbound reply form with the canned texts, and the unbound change form
    showing the ticket's current values (as `str(form)` draws them)."""
    initial = change_initial(ticket)
    reply, canned, fields = cached_across(
        *_kept_for(initial), lambda: _draw(initial), TIMEOUT
    )
    # An unbound form's HTML is its fields' in order (no errors, no hidden fields).
    change = "".join(
        _serial_field(fields, initial["serial"]) if name == "serial" else fields[name]
        for name in CHANGE_FIELDS
    )
    return AgentForms(
        reply_form=mark_safe(reply),  # noqa: S308 - Django's own form HTML
        canned_replies=mark_safe(canned),  # noqa: S308 - rendered by a template
        change_form=mark_safe(change),  # noqa: S308 - Django's own form HTML
    )
