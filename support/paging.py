"""Pages of the helpdesk's listings, without a COUNT query where none is needed."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def get_page(queryset: QuerySet, per_page: int, number: str | None) -> Page:
    """What `Paginator(queryset, per_page).get_page(number)` returns.

    Asked for the first page, it reads one row more than a page holds: if they
    fit, they are every row there is and the COUNT query is left out (most
    teachers' ticket lists, most filtered queues); if not, the rows read make
    the page and the total is counted as always.
    """
    paginator = Paginator(queryset, per_page)
    if number not in (None, "", "1"):
        return paginator.get_page(number)
    rows = list(queryset[: per_page + 1])
    if len(rows) <= per_page:
        return Paginator(rows, per_page).get_page(1)
    return Page(rows[:per_page], 1, paginator)
