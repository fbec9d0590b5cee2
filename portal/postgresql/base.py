"""Django's PostgreSQL backend, health-checking a connection only after a pause
and reading timestamps with psycopg's compiled parser (`timestamps`).

With `CONN_HEALTH_CHECKS` Django sends `SELECT 1` at the first query of every
request, so that a connection the server dropped (a restart, a failover, an idle
timeout) is replaced instead of failing the request. That is a round trip per
request: 0.1 ms of a worker's CPU, 3 % of the helpdesk's mix on the benchmark
machine, spent on connections that served the previous request a moment ago.

Here a connection that finished a request without a database error less than
`RECENT_SECONDS` ago is taken as it is; after a longer pause, after an error, in
management commands and in the task worker, Django checks it as always. What it
costs: a server restart within those seconds of a request fails the next
request on that connection once (as it would without health checks); Django then
drops the connection, and the request after it gets a new one.
"""

from __future__ import annotations

import time

from django.db import connections
from django.db.backends.postgresql import base

from portal.postgresql.timestamps import UTC, compiled_loader

#: A connection that served a request without error this recently is not checked.
RECENT_SECONDS = 5.0


class DatabaseWrapper(base.DatabaseWrapper):
    #: When this connection last finished a request without a database error.
    good_at: float | None = None

    def connect(self):
        self.good_at = None
        super().connect()

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        loader = compiled_loader() if self.timezone is UTC else None
        if loader is not None:
            connection.adapters.register_loader("timestamptz", loader)
        return connection

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.good_at is not None
            and time.monotonic() - self.good_at < RECENT_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()


def remember_good_connections(**_kwargs) -> None:
    """At the end of a request: its open connections that saw no error are good."""
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        if isinstance(connection, DatabaseWrapper):
            usable = connection.connection is not None
            connection.good_at = (
                now if usable and not connection.errors_occurred else None
            )


def connect_signals() -> None:
    from django.core.signals import request_finished

    request_finished.connect(
        remember_good_connections, dispatch_uid="portal-postgresql-good"
    )
