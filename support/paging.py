"""Pages of the helpdesk's listings, without a COUNT query where none is needed."""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class _RowsPaginator(Paginator):
    def __init__(
        self,
        queryset: QuerySet,
        per_page: int,
        rows: Callable,
        total: Callable[[], int] | None = None,
    ) -> None:
        super().__init__(queryset, per_page)
        self.rows = rows
        self.total = total

    @cached_property
    def count(self) -> int:
        if self.total is not None:
            return self.total()
        return super().count

    def _get_page(self, object_list, number, paginator) -> Page:
        return Page(self.rows(object_list), number, paginator)


def get_page(
    queryset: QuerySet,
    per_page: int,
    number: str | None,
    *,
    rows: Callable[[QuerySet], QuerySet] = lambda page: page,
    total: Callable[[], int] | None = None,
) -> Page:
    """What `Paginator(queryset, per_page).get_page(number)` returns.

    `rows` turns a page's slice into what the page lists (plain values, say),
    while the total is counted on `queryset`, without the joins those values
    may need. Asked for the first page, it reads one row more than a page
    holds: if they fit, they are every row there is and the COUNT query is left
    out (most teachers' ticket lists, most filtered queues); if not, the rows
    read make the page and the total is counted as always, or taken from
    `total()` where the caller knows it already (kept counts, say).
    """
    if not is_first_page(number):
        return _RowsPaginator(queryset, per_page, rows, total).get_page(number)
    first = list(rows(queryset[: per_page + 1]))
    return first_page(first, per_page, queryset, rows, total)


def is_first_page(number: str | None) -> bool:
    return number in (None, "", "1")


def read_first_page(
    queryset: QuerySet, per_page: int, *, rows: Callable[[QuerySet], QuerySet]
) -> tuple[list, int | None]:
    """What the first page shows, as plain data to keep: its rows (one more
    read than a page holds) and, when there are more, the total."""
    first = list(rows(queryset[: per_page + 1]))
    return first, queryset.count() if len(first) > per_page else None


def first_page(
    first: list,
    per_page: int,
    queryset: QuerySet,
    rows: Callable[[QuerySet], QuerySet] = lambda page: page,
    total: Callable[[], int] | None = None,
) -> Page:
    """The first page of `get_page`, from `first`, its rows read one more than
    a page holds."""
    if len(first) <= per_page:
        return Paginator(first, per_page).get_page(1)
    paginator = _RowsPaginator(queryset, per_page, rows, total)
    return Page(first[:per_page], 1, paginator)
