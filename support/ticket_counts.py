"""How many tickets are in each status: the queue's headline, read on every visit
of every agent, recounted only after a ticket is filed, changed or deleted."""

from __future__ import annotations

from portal.derived import Derived, on_save_or_delete
from support.models import Ticket


def _count() -> dict[str, int]:
    return Ticket.objects.status_counts()


STATUS_COUNTS: Derived[dict[str, int]] = Derived(
    "support:ticket-status-counts", _count, timeout=300
)


def status_counts() -> dict[str, int]:
    return STATUS_COUNTS.get()


def tickets_changed(**_kwargs) -> None:
    STATUS_COUNTS.forget()


def connect_signals() -> None:
    """Every saved or deleted ticket; bulk updates call `tickets_changed` too."""
    on_save_or_delete(tickets_changed, Ticket, uid="ticket-counts")
