"""The PostgreSQL backend (portal/postgresql/base.py): Django's, with the health
check left out for a connection that served a request without error moments ago."""

from unittest import mock

import pytest
from django.conf import settings
from django.db import connection

from portal.postgresql import base as backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def pg():
    if connection.vendor != "postgresql":
        # SQLite keeps Django's own backend: no connection to check.
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        return None
    assert settings.DATABASES["default"]["ENGINE"] == "portal.postgresql"
    assert connection.health_check_enabled
    connection.ensure_connection()
    return connection


def _checks(pg) -> int:
    """How often the next request's first query would send the health check."""
    pg.health_check_done = False
    with mock.patch.object(pg, "is_usable", wraps=pg.is_usable) as usable:
        pg.close_if_health_check_failed()
    assert pg.health_check_done
    return usable.call_count


def test_a_connection_that_just_served_a_request_is_not_checked_again(pg):
    if pg is None:
        return
    pg.good_at = None
    assert _checks(pg) == 1  # never served a request: checked as Django does
    backend.remember_good_connections()
    assert _checks(pg) == 0


def test_after_a_pause_the_connection_is_checked(pg, monkeypatch):
    if pg is None:
        return
    backend.remember_good_connections()
    monkeypatch.setattr(backend, "RECENT_SECONDS", 0)
    assert _checks(pg) == 1


def test_a_request_with_a_database_error_leaves_the_connection_to_be_checked(pg):
    if pg is None:
        return
    pg.errors_occurred = True
    try:
        backend.remember_good_connections()
    finally:
        pg.errors_occurred = False
    assert pg.good_at is None
    assert _checks(pg) == 1


def test_a_broken_connection_found_by_the_check_is_replaced(pg, monkeypatch):
    if pg is None:
        return
    monkeypatch.setattr(backend, "RECENT_SECONDS", 0)
    pg.health_check_done = False
    with (
        mock.patch.object(pg, "is_usable", return_value=False),
        mock.patch.object(pg, "close") as close,
    ):
        pg.close_if_health_check_failed()
    close.assert_called_once()
