"""What the ticket pages' markup written in Python shares: the labels of their
choices and the addresses of tickets by reference (from `portal.markup`), and
times as the templates' `date` filters show them, each worked out once per page
(`support.ticket_listings`, `support.thread_markup`)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from html import escape

from django.utils import formats, timezone
from django.utils.safestring import SafeString

from portal.accounts.models import User
from portal.markup import ISO_FORMAT, labels, paths
from support.models import Ticket


def badge(text: str) -> str:
    """A red badge after a value ("unknown", "overdue")."""
    return f' <span class="badge badge--error">{escape(text)}</span>'


def shown_time(value: dt.datetime) -> tuple[SafeString, SafeString]:
    """A time as the templates' `date:'Y-m-d\\TH:i:sO'` (for `datetime=`) and
    `date:"SHORT_DATETIME_FORMAT"` show it, without their format parser."""
    iso, shown = Clock()(value)
    return SafeString(iso), SafeString(shown)


class Page:
    """What every row of one page of tickets says alike, translated once per
    page."""

    def __init__(self, url_name: str) -> None:
        self.now = timezone.now()
        self.category = labels(Ticket.Category)
        self.status = labels(Ticket.Status)
        self.priority = labels(Ticket.Priority)
        self._url = paths(url_name, "REFERENCE")
        self._names: dict[int, str] = {}
        self.time = Clock()

    def url(self, reference: str) -> str:
        return escape(self._url(reference))

    def name(self, row: dict, prefix: str) -> str:
        """The escaped display name of the user in `<prefix>__…` of `row`."""
        pk = row[f"{prefix}_id"]
        if pk not in self._names:
            user = User(
                pk=pk,
                full_name=row[f"{prefix}__full_name"],
                email=row[f"{prefix}__email"],
                is_anonymised=row[f"{prefix}__is_anonymised"],
            )
            self._names[pk] = escape(user.display_name)
        return self._names[pk]


#: Django's date format characters that `strftime` writes alike (numbers only).
STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y", "H": "%H", "i": "%M", "s": "%S"}


@lru_cache(maxsize=16)
def as_strftime(django_format: str) -> str | None:
    """`django_format` for `strftime`, if it has no other characters than
    those of `STRFTIME` and punctuation (German: "d.m.Y H:i"); else None, and
    Django's formatter draws it (English: "m/d/Y P", "4:30 p.m.")."""
    parts = []
    for char in django_format:
        if char in STRFTIME:
            parts.append(STRFTIME[char])
        elif char.isalpha() or char in "\\|":
            return None
        else:
            parts.append(char.replace("%", "%%"))
    return "".join(parts)


class Clock:
    """Times as the templates' two `date` filters show them (machine-readable,
    shown), with the time zone and format looked up once per page."""

    def __init__(self) -> None:
        self.zone = timezone.get_current_timezone()
        self.shown_format = formats.get_format("SHORT_DATETIME_FORMAT")
        self.strftime_format = as_strftime(self.shown_format)
        self.both_formats = f"{ISO_FORMAT}|{self.strftime_format}"

    def __call__(self, value: dt.datetime) -> tuple[str, str]:
        local = value.astimezone(self.zone)
        if self.strftime_format is None:
            shown = escape(formats.date_format(local, self.shown_format))
            return local.strftime(ISO_FORMAT), shown
        # Both in one call; the shown format has no "|" (see `as_strftime`).
        iso, shown = local.strftime(self.both_formats).split("|")
        return iso, escape(shown)
