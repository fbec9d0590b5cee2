"""How many tickets there are per status, priority and category: the queue's
headline and the total of a queue filtered by those alone, read on every visit
of every agent, recounted only after a ticket is filed, changed or deleted
(after new tickets at most once a second, see `FILED`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from portal.derived import Generation, cached_across, on_save_or_delete
from support.models import Ticket


@dataclass(frozen=True)
class TicketCounts:
    #: {(status, priority, category): number of tickets}
    cells: dict[tuple[str, str, str], int]
    #: {status: number of tickets}, summed once when counted
    by_status: dict[str, int]

    @classmethod
    def of(cls, cells: dict[tuple[str, str, str], int]) -> TicketCounts:
        by_status: dict[str, int] = defaultdict(int)
        for (status, _priority, _category), n in cells.items():
            by_status[status] += n
        return cls(cells, dict(by_status))

    def total(
        self,
        statuses: Iterable[str],
        *,
        priority: str | None = None,
        category: str | None = None,
    ) -> int:
        """How many tickets have one of `statuses` and, if given, `priority`
        and `category`."""
        statuses = set(statuses)
        return sum(
            n
            for (status, prio, cat), n in self.cells.items()
            if status in statuses
            and priority in (None, prio)
            and category in (None, cat)
        )


def _count() -> TicketCounts:
    return TicketCounts.of(Ticket.objects.cell_counts())


#: Any change of the tickets but a new one: the counts are counted again.
CHANGED = Generation("support:ticket-counts:3")
#: A new ticket. When hundreds of schools report at once, every new ticket
#: would count the whole table again for the next agent; the counts are
#: instead counted at most once in `FILED_SECONDS` while only new tickets
#: came in (the queue's rows themselves are read afresh on every visit).
FILED = Generation("support:tickets-filed:1")
FILED_SECONDS = 1.0
KEY = "cells"
TIMEOUT = 300


def kept() -> TicketCounts:
    return cached_across(
        [CHANGED, FILED], KEY, _count, TIMEOUT, lenient=(FILED, FILED_SECONDS)
    )


def kept_counts():
    """What `kept()` reads (`portal.derived.read_together`)."""
    return [CHANGED, FILED], KEY


def tickets_changed(*, created: bool = False, **_kwargs) -> None:
    """A ticket was filed (`created`), or tickets changed or were deleted."""
    (FILED if created else CHANGED).forget()


def connect_signals() -> None:
    """Every saved or deleted ticket; bulk updates call `tickets_changed` too."""
    on_save_or_delete(tickets_changed, Ticket, uid="ticket-counts")
