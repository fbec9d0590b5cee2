"""Ticket references such as "T-2026-004217": short enough to read out on the phone.

One counter row per year is incremented with a single `UPDATE … SET last = last + 1`
inside the transaction that creates the ticket. The update locks the row (PostgreSQL)
or the database (SQLite with IMMEDIATE transactions) until commit, so two tickets
filed at the same moment never get the same number; the unique constraint on
`Ticket.reference` backs this up. A rolled-back ticket rolls its number back too;
numbers may still skip (a deleted ticket), which is fine: references need to be
unique, not gapless.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.db.models import F

REFERENCE_RE = re.compile(r"^T-(\d{4})-(\d{6,})$")


def format_reference(year: int, number: int) -> str:
    return f"T-{year}-{number:06d}"


def parse_reference(value: str) -> tuple[int, int] | None:
    """(year, number) of a reference typed by someone, or None if it is none."""
    match = REFERENCE_RE.match((value or "").strip().upper())
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))


def next_reference(*, year: int) -> str:
    """Take the next number of `year`. Call inside the ticket's transaction."""
    from support.models import TicketCounter

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference() must run inside transaction.atomic().")
    for _attempt in range(3):
        updated = TicketCounter.objects.filter(year=year).update(
            last_number=F("last_number") + 1
        )
        if updated:
            number = TicketCounter.objects.values_list("last_number", flat=True).get(
                year=year
            )
            return format_reference(year, number)
        try:
            # The first ticket of a year: create the row; if another transaction
            # created it meanwhile, the savepoint keeps ours usable and we retry.
            with transaction.atomic():
                TicketCounter.objects.create(year=year, last_number=0)
        except IntegrityError:
            continue
    raise RuntimeError(f"Could not take a ticket number for {year}.")
