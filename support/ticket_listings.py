"""The ticket pages' lists, written in Python from plain values or rows.

Through the template engine, the queue's fifty rows cost more than the rest of
the queue, a school's 25 ticket cards more than the rest of its list, and each
message of a conversation about half a millisecond: some twenty to forty
variable lookups, filters, URL reversals and translations per entry, each with
the engine's context machinery. These functions write the markup of the
templates in `support/tickets/includes/` (`queue_rows.html`,
`ticket_cards.html`, `conversation.html`, `history.html`) byte for byte, tested
against those templates in both languages. Change a template and this module
together; the test says where they differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from html import escape
from urllib.parse import quote

from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import get_script_prefix, reverse
from django.utils import formats, timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from portal.accounts.models import User
from support.models import Ticket, TicketEvent
from support.models.tickets import badge_modifier, past_due

QUEUE_ROW = (
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
CARD = (
    '\n  <li class="card">\n'
    '    <h2 class="card__title"><a href="{url}">{subject}</a></h2>\n'
    '    <p><span class="badge {badge}">{status}</span>\n'
    '      <span class="muted">{reference} · {category}{serial}</span></p>\n'
    '    <p class="muted">{reporter}{last_activity_label}: '
    '<time datetime="{activity_iso}">{activity}</time></p>\n'
    "  </li>\n  "
)
#: The template's `date:'Y-m-d\\TH:i:sO'` of an aware time, without its parser.
ISO_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
#: What `reverse()` leaves unquoted in a path.
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


def _labels(choices_class) -> dict[str, str]:
    """The escaped label of each of the choices (a `TextChoices` class) in the
    current language."""
    return _labels_in(choices_class, get_language())


@lru_cache(maxsize=64)
def _labels_in(choices_class, language: str | None) -> dict[str, str]:
    # Labels are the code's (lazy) translations: one per language and process.
    return {value: escape(str(label)) for value, label in choices_class.choices}


def _label(labels: dict[str, str], value: str) -> str:
    # A value outside the choices is shown as it is, as get_FOO_display does.
    return labels.get(value) or escape(value)


def _badge(text: str) -> str:
    return f' <span class="badge badge--error">{escape(text)}</span>'


def reference_urls(url_name: str) -> Callable[[str], str]:
    """The path of `url_name` for a ticket reference, as `reverse()` gives it:
    reversed once, as it costs tens of microseconds and the paths differ only
    in the reference."""
    pattern = reverse(url_name, args=["REFERENCE"])
    return lambda reference: pattern.replace("REFERENCE", quote(reference, URL_SAFE))


def shown_time(value: dt.datetime) -> tuple[SafeString, SafeString]:
    """A time as the templates' `date:'Y-m-d\\TH:i:sO'` (for `datetime=`) and
    `date:"SHORT_DATETIME_FORMAT"` show it, without their format parser."""
    iso, shown = _Clock()(value)
    return SafeString(iso), SafeString(shown)


class _Page:
    """What every row of one page says alike, translated once per page."""

    def __init__(self, url_name: str) -> None:
        self.now = timezone.now()
        self.category = _labels(Ticket.Category)
        self.status = _labels(Ticket.Status)
        self.priority = _labels(Ticket.Priority)
        self._url = reference_urls(url_name)
        self._names: dict[int, str] = {}
        self.time = _Clock()

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
def _as_strftime(django_format: str) -> str | None:
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


class _Clock:
    """Times as the templates' two `date` filters show them (machine-readable,
    shown), with the time zone and format looked up once per page."""

    def __init__(self) -> None:
        self.zone = timezone.get_current_timezone()
        self.shown_format = formats.get_format("SHORT_DATETIME_FORMAT")
        self.strftime_format = _as_strftime(self.shown_format)
        self.both_formats = f"{ISO_FORMAT}|{self.strftime_format}"

    def __call__(self, value: dt.datetime) -> tuple[str, str]:
        local = value.astimezone(self.zone)
        if self.strftime_format is None:
            shown = escape(formats.date_format(local, self.shown_format))
            return local.strftime(ISO_FORMAT), shown
        # Both in one call; the shown format has no "|" (see `_as_strftime`).
        iso, shown = local.strftime(self.both_formats).split("|")
        return iso, escape(shown)


#: Each queue row's markup by all it depends on, kept per process: agents see
#: mostly the same rows, and a row changes only with its ticket. Bounded: when
#: full, it starts afresh.
_queue_row_markup: dict[tuple, str] = {}
QUEUE_ROW_MARKUP_LIMIT = 4000


def queue_rows_html(rows) -> SafeString:
    """The `<tr>` of each row of `TicketQuerySet.queue_rows()`, in order."""
    page = _Page("support:queue_ticket")
    kept = _queue_row_markup
    if len(kept) > QUEUE_ROW_MARKUP_LIMIT:
        kept.clear()
    # What every row's markup depends on besides its values and being overdue.
    context = (get_language(), page.time.zone, get_script_prefix())
    html = []
    texts = None
    for row in rows:
        overdue = past_due(row["status"], row["due_at"], page.now)
        key = (context, overdue, *row.values())
        markup = kept.get(key)
        if markup is None:
            texts = texts or _QueueTexts()
            markup = kept[key] = _queue_row(page, texts, row, overdue)
        html.append(markup)
    return SafeString("".join(html))


class _QueueTexts:
    """The queue rows' words in the current language."""

    def __init__(self) -> None:
        self.select = gettext("Select %(ref)s")
        self.unknown = _badge(gettext("unknown"))
        self.overdue = _badge(gettext("overdue"))
        self.nobody = f'<span class="muted">{escape(gettext("nobody"))}</span>'


def _queue_row(page: _Page, texts: _QueueTexts, row: dict, overdue: bool) -> str:
    reference = escape(row["reference"])
    serial = ""
    if row["serial"]:
        serial = " · " + escape(row["serial"])
        if row["device_id"] is None:
            serial += texts.unknown
    due_iso, due = page.time(row["due_at"])
    assignee = texts.nobody
    if row["assignee_id"] is not None:
        assignee = page.name(row, "assignee")
    return QUEUE_ROW.format(
        overdue_row=" queue-row--overdue" if overdue else "",
        reference=reference,
        pk=row["pk"],
        select=texts.select % {"ref": reference},
        url=page.url(row["reference"]),
        subject=escape(row["subject"]),
        category=_label(page.category, row["category"]),
        serial=serial,
        school=escape(row["school__name"]),
        district=escape(row["school__district"]),
        badge=badge_modifier(row["status"], overdue=overdue),
        status=_label(page.status, row["status"]),
        priority=_label(page.priority, row["priority"]),
        due_iso=due_iso,
        due=due,
        overdue_badge=texts.overdue if overdue else "",
        assignee=assignee,
    )


STATUS_COUNT = '<li><a href="{url}">{label} <span class="count">{count}</span></a></li>'


def status_counts_html(counts: dict[str, int]) -> SafeString:
    """The queue's links to each status with its number of tickets."""
    url = escape(reverse("support:queue"))
    labels = _labels(Ticket.Status)
    return SafeString(
        "".join(
            STATUS_COUNT.format(
                url=f"{url}?status={quote(value)}",
                label=labels[value],
                count=escape(formats.localize(counts.get(value, 0))),
            )
            for value in Ticket.Status.values
        )
    )


PAGINATION = (
    '\n<nav aria-label="{pages}">\n  <ul class="pagination">\n'
    "    {previous}\n"
    '    <li aria-current="page">{where}</li>\n'
    "    {next}\n"
    "  </ul>\n</nav>\n\n"
)
PAGE_LINK = '<li><a href="?{extra}page={number}">{label}</a></li>'


def pagination_html(page, extra: str = "") -> SafeString:
    """`includes/pagination.html` of a page of a list; `extra`, the query the
    page links keep (the filters), urlencoded."""
    if not page.has_other_pages():
        return SafeString("\n")
    extra = f"{escape(extra)}&amp;" if extra else ""
    previous = next_ = ""
    if page.has_previous():
        previous = PAGE_LINK.format(
            extra=extra,
            number=page.previous_page_number(),
            label=escape(gettext("Previous")),
        )
    if page.has_next():
        next_ = PAGE_LINK.format(
            extra=extra, number=page.next_page_number(), label=escape(gettext("Next"))
        )
    where = gettext("Page %(n)s of %(total)s") % {
        "n": escape(formats.localize(page.number)),
        "total": escape(formats.localize(page.paginator.num_pages)),
    }
    return SafeString(
        PAGINATION.format(
            pages=escape(gettext("Pages")),
            previous=previous,
            where=where,
            next=next_,
        )
    )


SCHOOL_PANEL = (
    '<section class="card" aria-labelledby="school-heading">\n'
    '    <h2 id="school-heading" class="card__title">{school}</h2>\n'
    '    <dl class="facts">\n'
    "      <dt>{school}</dt><dd>{name} ({number})</dd>\n"
    "      <dt>{district_label}</dt><dd>{district}</dd>\n"
    "      <dt>{contact_label}</dt><dd>{contact}</dd>\n"
    "      <dt>{reporter_label}</dt><dd>{reporter}</dd>\n"
    "      <dt>{profile_label}</dt><dd>{profile}</dd>\n"
    "    </dl>\n"
    "    <h3>{open_count}</h3>\n"
    '    <ul class="link-list">\n'
    "      {others}\n"
    "    </ul>\n"
    "  </section>"
)


def school_panel_html(ticket: Ticket, panel) -> SafeString:
    """`includes/school_panel.html`: the school, its contact, the reporter, the
    current profile and the school's other open tickets (`panel`, a
    `support.ticket_panels.SchoolPanel`)."""
    school = ticket.school
    contact = escape(school.contact_name or "–")
    if school.contact_phone:
        contact += f"<br>{escape(school.contact_phone)}"
    if school.contact_email:
        email = escape(school.contact_email)
        contact += f'<br><a href="mailto:{email}">{email}</a>'
    profile = "–"
    if panel.current_profile:
        current = panel.current_profile
        profile = gettext("Version %(v)s") % {
            "v": escape(formats.localize(current.version))
        }
        if current.wifi_name:
            profile += f", WLAN „{escape(current.wifi_name)}“"
    open_count = ngettext(
        "%(counter)s other open ticket",
        "%(counter)s other open tickets",
        panel.open_count,
    ) % {"counter": escape(formats.localize(panel.open_count))}
    others = "".join(
        f'<li><a href="{escape(other.url)}">{escape(other.reference)}</a> '
        f"{escape(other.subject)}</li>"
        for other in panel.open_tickets
    )
    return SafeString(
        SCHOOL_PANEL.format(
            school=escape(gettext("School")),
            name=escape(school.name),
            number=escape(school.school_number),
            district_label=escape(gettext("District")),
            district=escape(school.district),
            contact_label=escape(gettext("Contact")),
            contact=contact,
            reporter_label=escape(gettext("Reported by")),
            reporter=escape(ticket.reporter.display_name),
            profile_label=escape(gettext("Current profile")),
            profile=profile,
            open_count=open_count,
            others=others,
        )
    )


def queue_heading_html(count: int) -> SafeString:
    """ "12 tickets": the heading of the queue's list."""
    text = ngettext("%(counter)s ticket", "%(counter)s tickets", count)
    return SafeString(text % {"counter": escape(formats.localize(count))})


def ticket_cards_html(rows, *, whole_school: bool) -> SafeString:
    """The `<li>` of each row of `TicketQuerySet.card_rows()`, in order; with
    the reporter for a coordinator's list of the whole school."""
    page = _Page("support:ticket")
    reported_by = gettext("Reported by %(name)s")
    last_activity = escape(gettext("Last activity"))
    html = []
    for row in rows:
        reporter = ""
        if whole_school:
            name = page.name(row, "reporter")
            reporter = reported_by % {"name": name} + " · "
        activity_iso, activity = page.time(row["last_activity_at"])
        overdue = past_due(row["status"], row["due_at"], page.now)
        html.append(
            CARD.format(
                url=page.url(row["reference"]),
                subject=escape(row["subject"]),
                badge=badge_modifier(row["status"], overdue=overdue),
                status=_label(page.status, row["status"]),
                reference=escape(row["reference"]),
                category=_label(page.category, row["category"]),
                serial=" · " + escape(row["serial"]) if row["serial"] else "",
                reporter=reporter,
                last_activity_label=last_activity,
                activity_iso=activity_iso,
                activity=activity,
            )
        )
    return SafeString("".join(html))


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
    time = _Clock()
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
    kinds = _labels(TicketEvent.Kind)
    system = escape(gettext("system"))
    time = _Clock()
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
                kind=_label(kinds, event.kind),
                change=change,
                actor=actor,
            )
        )
    return SafeString("".join(html))
