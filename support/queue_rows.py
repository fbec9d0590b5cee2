"""The rows of the ticket queue, written in Python from plain values.

Fifty rows through the template engine cost more than the rest of the queue:
some forty variable lookups, filters, URL reversals and translations per row,
each with the engine's context machinery, plus a model instance for every
ticket, school and assignee. `render_rows` writes the markup of
`support/tickets/includes/queue_row.html` byte for byte (tested against that
template in both languages), from the values `TicketQuerySet.queue_rows()`
reads. Change the template and this module together; the test says where they
differ.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from urllib.parse import quote

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from portal.accounts.models import User
from support.models import Ticket
from support.models.tickets import badge_modifier, past_due

ROW = (
    '\n      <tr class="queue-row{overdue_row}">\n'
    '        <td><input type="checkbox" name="tickets" value="{reference}"'
    ' id="pick-{pk}" aria-label="{select}"></td>\n'
    '        <td><a class="queue-link" href="{url}">{reference}</a><br>{subject}'
    '<br><span class="muted">{category}{serial}</span></td>\n'
    '        <td>{school}<br><span class="muted">{district}</span></td>\n'
    '        <td><span class="badge {badge}">{status}</span></td>\n'
    "        <td>{priority}</td>\n"
    '        <td><time datetime="{due_iso}">{due}</time>{overdue_badge}</td>\n'
    "        <td>{assignee}</td>\n"
    "      </tr>\n      "
)
#: The template's `date:'Y-m-d\\TH:i:sO'` of an aware time, without its parser.
ISO_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
#: What `reverse()` leaves unquoted in a path.
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


def _labels(choices) -> dict[str, str]:
    return {value: escape(str(label)) for value, label in choices}


class _Words:
    """What every row of one page says alike, translated once per page."""

    def __init__(self) -> None:
        self.category = _labels(Ticket.Category.choices)
        self.status = _labels(Ticket.Status.choices)
        self.priority = _labels(Ticket.Priority.choices)
        self.select = gettext("Select %(ref)s")
        self.unknown = (
            f' <span class="badge badge--error">{escape(gettext("unknown"))}</span>'
        )
        self.overdue = (
            f' <span class="badge badge--error">{escape(gettext("overdue"))}</span>'
        )
        self.nobody = f'<span class="muted">{escape(gettext("nobody"))}</span>'
        # reverse() costs tens of microseconds; the path differs only in the reference.
        self.url = reverse("support:queue_ticket", args=["REFERENCE"])
        self.assignees: dict[int, str] = {}

    def assignee(self, row: dict) -> str:
        pk = row["assignee_id"]
        if pk is None:
            return self.nobody
        if pk not in self.assignees:
            user = User(
                pk=pk,
                full_name=row["assignee__full_name"],
                email=row["assignee__email"],
                is_anonymised=row["assignee__is_anonymised"],
            )
            self.assignees[pk] = escape(user.display_name)
        return self.assignees[pk]


def _label(labels: dict[str, str], value: str) -> str:
    # A value outside the choices is shown as it is, as get_FOO_display does.
    return labels.get(value) or escape(value)


def _row(row: dict, words: _Words, now: dt.datetime) -> str:
    reference = escape(row["reference"])
    overdue = past_due(row["status"], row["due_at"], now)
    serial = ""
    if row["serial"]:
        serial = " · " + escape(row["serial"])
        if row["device_id"] is None:
            serial += words.unknown
    due = timezone.localtime(row["due_at"])
    return ROW.format(
        overdue_row=" queue-row--overdue" if overdue else "",
        reference=reference,
        pk=row["pk"],
        select=words.select % {"ref": reference},
        url=escape(words.url.replace("REFERENCE", quote(row["reference"], URL_SAFE))),
        subject=escape(row["subject"]),
        category=_label(words.category, row["category"]),
        serial=serial,
        school=escape(row["school__name"]),
        district=escape(row["school__district"]),
        badge=badge_modifier(row["status"], overdue=overdue),
        status=_label(words.status, row["status"]),
        priority=_label(words.priority, row["priority"]),
        due_iso=due.strftime(ISO_FORMAT),
        due=escape(formats.date_format(due, "SHORT_DATETIME_FORMAT")),
        overdue_badge=words.overdue if overdue else "",
        assignee=words.assignee(row),
    )


def render_rows(rows) -> SafeString:
    """The `<tr>` of each row of `TicketQuerySet.queue_rows()`, in order."""
    words = _Words()
    now = timezone.now()
    return SafeString("".join(_row(row, words, now) for row in rows))
