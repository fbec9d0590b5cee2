"""Timestamps read from the database (portal/postgresql/timestamps.py): on PostgreSQL
parsed by psycopg's compiled loader, with exactly the values Django's own gives."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader

from portal.accounts.models import User
from portal.postgresql.timestamps import UTC, compiled_loader
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")

VALUES = [
    dt.datetime(2026, 11, 30, 7, 45, 12, 123456, tzinfo=BERLIN),
    dt.datetime(2026, 3, 29, 2, 30, tzinfo=dt.UTC),  # Berlin's spring gap
    dt.datetime(2026, 10, 25, 0, 59, 59, 999999, tzinfo=dt.UTC),
    dt.datetime(1969, 12, 31, 23, 59, 59, 1, tzinfo=dt.UTC),
    dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
]


def _select(values, loader=None) -> list:
    sql = " UNION ALL ".join(["SELECT %s::timestamptz"] * len(values))
    with connection.cursor() as cursor:
        if loader is not None:
            cursor.cursor.adapters.register_loader("timestamptz", loader)
        cursor.execute(sql, [v.isoformat() for v in values])
        return [row[0] for row in cursor.fetchall()]


def test_timestamps_come_back_as_the_same_instants_in_utc():
    user = UserFactory()
    for value in VALUES:
        User.objects.filter(pk=user.pk).update(last_login=value)
        user.refresh_from_db()
        assert user.last_login == value
        assert user.last_login.tzinfo is UTC
    assert (
        User.objects.values_list("last_login", flat=True).get(pk=user.pk) == VALUES[-1]
    )


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        # SQLite stores timestamps as text that Django parses itself: nothing
        # to replace, and nothing is.
        connection.ensure_connection()
        assert not hasattr(connection.connection, "adapters")
        return False
    return True


def test_postgres_reads_with_the_compiled_loader(postgres):
    if not postgres:
        return
    connection.ensure_connection()
    oid = connection.connection.adapters.types["timestamptz"].oid
    registered = connection.connection.adapters.get_loader(oid, 0)
    assert registered is compiled_loader()
    loader = registered(oid, connection.connection)
    assert type(loader.load.__self__).__module__.startswith("psycopg_binary")
    # Django's cursors keep it: they would register their own for another zone.
    with connection.cursor() as cursor:
        assert cursor.cursor.adapters.get_loader(oid, 0) is registered


def _djangos_loader():
    """The loader Django registers for UTC (django.db.backends.postgresql)."""

    class DjangosLoader(BaseTzLoader):
        timezone = UTC

    return DjangosLoader


def test_postgres_values_are_those_of_djangos_loader(postgres):
    if not postgres:
        return
    ours = _select(VALUES)
    djangos = _select(VALUES, loader=_djangos_loader())
    assert ours == djangos == VALUES
    assert [v.tzinfo for v in ours] == [UTC] * len(VALUES)


def test_postgres_in_another_session_time_zone_falls_back_to_djangos_loader(postgres):
    """The compiled loader answers in the session's zone, Django's in UTC."""
    if not postgres:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'Europe/Berlin'")
    try:
        oid = connection.connection.adapters.types["timestamptz"].oid
        loader = compiled_loader()(oid, connection.connection)
        assert not hasattr(loader.load, "__self__") or loader.load.__self__ is loader
        within = VALUES[:-1]  # the last one is in the year 10000 in Berlin
        assert _select(within) == _select(within, loader=_djangos_loader())
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
