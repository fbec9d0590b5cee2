"""PostgreSQL timestamps parsed by psycopg's C loader.

Django reads every `timestamptz` value with its own loader (`BaseTzLoader`), a
subclass of psycopg's pure-Python one, to set the time zone of its connection:
psycopg's compiled loader (psycopg[binary]) cannot be subclassed. It took 6.2 µs
per value on the benchmark machine, the compiled one 0.7 µs; the queue's fifty
rows carry three or four timestamps each. (Django ticket #36960, psycopg issue
#1273.)

With `USE_TZ` and the connection in UTC, which is how Django sets it up, the
compiled loader returns what Django's does: the same instant with
`datetime.timezone.utc`. So the portal's backend (`portal.postgresql.base`)
replaces Django's loader on each new connection by one that hands its values to
the compiled loader, and keeps Django's `timezone` attribute (Django's cursors
compare it before they register their own). On any other time zone, or
without the compiled loader, nothing changes.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

UTC = dt.UTC


@cache
def compiled_loader():
    """Django's UTC loader using psycopg's compiled parser; None without it."""
    import psycopg
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader
    from psycopg.pq import Format
    from psycopg.types.datetime import TimestamptzLoader

    oid = psycopg.adapters.types["timestamptz"].oid
    compiled = psycopg.adapters.get_loader(oid, Format.TEXT)
    if compiled is None or compiled is TimestamptzLoader:
        return None

    class CompiledUtcLoader(BaseTzLoader):
        timezone = UTC

        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            connection = getattr(context, "connection", None)
            # The compiled loader answers in the connection's time zone.
            if connection is not None and connection.info.timezone is UTC:
                self.load = compiled(oid, context).load

    return CompiledUtcLoader
