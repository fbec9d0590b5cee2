"""A school's tickets as its own pages list them, kept per school.

Teachers look at "My tickets" again and again while they wait for an answer.
The first page of a list (its rows as plain values, and the total when there is
more than a page) is kept in the shared cache until any ticket of the school is
filed, changed or deleted, or, as coordinators see who reported each ticket, a
user's shown name may have changed (`portal.accounts.shown_names.PEOPLE`). The rows
are kept, not the page: whether a ticket is overdue is judged on every visit.

The same version renews the IT service's panel of a school's other open tickets
(`support.ticket_panels.school_panel`).
"""

from __future__ import annotations

from django.core.paginator import Page

from portal.accounts.shown_names import PEOPLE
from portal.derived import Generation, cached_across, forget_all, on_save_or_delete
from support.models import Ticket
from support.paging import first_page, get_page, is_first_page, read_first_page

#: A school whose tickets nobody read for a week has its version drawn anew.
VERSION_TIMEOUT = 7 * 24 * 3600


def of_school(school_id: int) -> Generation:
    """A school's tickets: new after any of them is saved or deleted, and
    after `forget_schools`."""
    return Generation(f"support:school-tickets:{school_id}", timeout=VERSION_TIMEOUT)


def forget_schools(school_ids) -> None:
    """Tickets of these schools changed without a model signal (`update()`)."""
    forget_all(of_school(school_id) for school_id in school_ids)


def list_page(
    user, tickets, per_page: int, number: str | None, *, show: str, whole_school: bool
) -> Page:
    """`get_page` of `tickets` (the user's list, sorted) as card rows; the first
    page kept.

    The key names everything the list depends on besides the rows: who asks,
    at which school, which list, and whether the whole school's is shown."""
    if not is_first_page(number):
        return get_page(tickets, per_page, number, rows=_card_rows)
    first, total = cached_across(
        [of_school(user.school_id), PEOPLE],
        f"cards:{user.pk}:{show}:{int(whole_school)}:{per_page}",
        lambda: read_first_page(tickets, per_page, rows=_card_rows),
    )
    return first_page(first, per_page, tickets, _card_rows, total=lambda: total)


def _card_rows(tickets):
    return tickets.card_rows()


def _on_ticket_change(instance=None, **_kwargs) -> None:
    of_school(instance.school_id).forget()


def connect_signals() -> None:
    on_save_or_delete(_on_ticket_change, Ticket, uid="school-tickets")
