"""Ticket references such as "T-2026-004217": short enough to read out on the phone.

One counter row per year is incremented with a single `UPDATE … SET last = last + 1`
(returning the new number) inside the transaction that creates the ticket. The
update locks the row (PostgreSQL) or the database (SQLite with IMMEDIATE
transactions) until commit, so two tickets filed at the same moment never get
the same number; the unique constraint on
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


#: One statement that takes the number and says which it is (PostgreSQL, SQLite
#: 3.35+): filing a ticket is the helpdesk's busiest write, and the ORM needs an
#: UPDATE and a SELECT for it.
TAKE_NUMBER_SQL = (
    'UPDATE "support_ticketcounter" SET "last_number" = "last_number" + 1 '
    'WHERE "year" = %s RETURNING "last_number"'
)


def _take_number(year: int) -> int | None:
    """Count `year` up by one: the number taken, None if it has no counter yet."""
    from support.models import TicketCounter

    connection = transaction.get_connection()
    if connection.features.can_return_columns_from_insert:
        with connection.cursor() as cursor:
            cursor.execute(TAKE_NUMBER_SQL, [year])
            row = cursor.fetchone()
        return row[0] if row else None
    counters = TicketCounter.objects.filter(year=year)
    if not counters.update(last_number=F("last_number") + 1):
        return None
    return counters.values_list("last_number", flat=True).get()


def next_reference(*, year: int) -> str:
    """Take the next number of `year`. Call inside the ticket's transaction."""
    from support.models import TicketCounter

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference() must run inside transaction.atomic().")
    for _attempt in range(3):
        number = _take_number(year)
        if number is not None:
            return format_reference(year, number)
        try:
            # The first ticket of a year: create the row; if another transaction
            # created it meanwhile, the savepoint keeps ours usable and we retry.
            with transaction.atomic():
                TicketCounter.objects.create(year=year, last_number=0)
        except IntegrityError:
            continue
    raise RuntimeError(f"Could not take a ticket number for {year}.")
