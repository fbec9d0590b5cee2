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

from portal.accounts.shown_names import PEOPLE
from portal.derived import Generation, cached_across, on_save_or_delete
from support.models import Ticket
from support.paging import read_first_page

#: A school whose tickets nobody read for a week has its version drawn anew.
VERSION_TIMEOUT = 7 * 24 * 3600


def of_school(school_id: int) -> Generation:
    """A school's tickets: new after any of them is saved or deleted, and
    after `forget_schools`."""
    return Generation(f"support:school-tickets:{school_id}", timeout=VERSION_TIMEOUT)


def forget_schools(school_ids) -> None:
    """Tickets of these schools changed without a model signal (`update()`)."""
    for school_id in set(school_ids):
        of_school(school_id).forget()


def first_cards(
    user, tickets, per_page: int, *, show: str, whole_school: bool
) -> tuple[list[dict], int | None]:
    """`read_first_page` of `tickets` (the user's list, sorted), kept.

    The key names everything the list depends on besides the rows: who asks,
    at which school, which list, and whether the whole school's is shown."""
    key = f"cards:{user.pk}:{show}:{int(whole_school)}:{per_page}"
    return cached_across(
        [of_school(user.school_id), PEOPLE],
        key,
        lambda: read_first_page(tickets, per_page, rows=lambda t: t.card_rows()),
    )


def _on_ticket_change(instance=None, **_kwargs) -> None:
    of_school(instance.school_id).forget()


def connect_signals() -> None:
    on_save_or_delete(_on_ticket_change, Ticket, uid="school-tickets")
