"""The ticket pages' lists, written in Python from plain values or rows.

Through the template engine, the queue's fifty rows cost more than the rest of
the queue, a school's 25 ticket cards more than the rest of its list, and each
message of a conversation about half a millisecond: some twenty to forty
variable lookups, filters, URL reversals and translations per entry, each with
the engine's context machinery. These functions write the markup of the
templates in `support/tickets/includes/` (`queue_rows.html`,
`ticket_cards.html`, `pagination.html`, `school_panel.html`) byte for byte,
tested against those templates in both languages. Change a template and this
module together; the test says where they differ. A ticket's conversation and
history are written by `support.thread_markup`; what both share is in
`support.markup`.
"""

from __future__ import annotations

from functools import lru_cache, partial
from html import escape
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from portal.kept import Kept
from portal.markup import label, labels
from support.markup import Page, badge
from support.models import Ticket
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
#: Each queue row's markup by all it depends on, kept per process: agents see
#: mostly the same rows, and a row changes only with its ticket.
_queue_row_markup: Kept[str] = Kept(4000)


def queue_rows_html(rows) -> SafeString:
    """The `<tr>` of each row of `TicketQuerySet.queue_rows()`, in order."""
    page = Page("support:queue_ticket")
    # What every row's markup depends on besides its values and being overdue.
    context = (get_language(), page.time.zone, get_script_prefix())
    html = []
    for row in rows:
        overdue = past_due(row["status"], row["due_at"], page.now)
        html.append(
            _queue_row_markup.get(
                (context, overdue, *row.values()),
                partial(_queue_row, page, row, overdue),
            )
        )
    return SafeString("".join(html))


class _QueueTexts:
    """The queue rows' words in one language."""

    def __init__(self) -> None:
        self.select = gettext("Select %(ref)s")
        self.unknown = badge(gettext("unknown"))
        self.overdue = badge(gettext("overdue"))
        self.nobody = f'<span class="muted">{escape(gettext("nobody"))}</span>'


@lru_cache(maxsize=16)
def _queue_texts(language: str | None) -> _QueueTexts:
    """The words in the current language, whose code is the cache's key."""
    return _QueueTexts()


def _queue_row(page: Page, row: dict, overdue: bool) -> str:
    texts = _queue_texts(get_language())
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
        category=label(page.category, row["category"]),
        serial=serial,
        school=escape(row["school__name"]),
        district=escape(row["school__district"]),
        badge=badge_modifier(row["status"], overdue=overdue),
        status=label(page.status, row["status"]),
        priority=label(page.priority, row["priority"]),
        due_iso=due_iso,
        due=due,
        overdue_badge=texts.overdue if overdue else "",
        assignee=assignee,
    )


STATUS_COUNT = '<li><a href="{url}">{label} <span class="count">{count}</span></a></li>'


def status_counts_html(counts: dict[str, int]) -> SafeString:
    """The queue's links to each status with its number of tickets."""
    url = escape(reverse("support:queue"))
    names = labels(Ticket.Status)
    return SafeString(
        "".join(
            STATUS_COUNT.format(
                url=f"{url}?status={quote(value)}",
                label=names[value],
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
    page = Page("support:ticket")
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
                status=label(page.status, row["status"]),
                reference=escape(row["reference"]),
                category=label(page.category, row["category"]),
                serial=" · " + escape(row["serial"]) if row["serial"] else "",
                reporter=reporter,
                last_activity_label=last_activity,
                activity_iso=activity_iso,
                activity=activity,
            )
        )
    return SafeString("".join(html))
