"""PostgreSQL connection options from the environment (portal/settings/postgres.py)."""

import environ

from portal.settings.postgres import PREPARE_THRESHOLD, connection_options


def test_by_default_ssd_costs_and_prepared_statements(monkeypatch):
    monkeypatch.delenv("POSTGRES_RANDOM_PAGE_COST", raising=False)
    monkeypatch.delenv("POSTGRES_PREPARED_STATEMENTS", raising=False)
    assert connection_options(environ.Env()) == {
        "options": "-c random_page_cost=1.1",
        "server_side_binding": True,
        "prepare_threshold": PREPARE_THRESHOLD,
    }


def test_behind_a_transaction_pooler_both_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("POSTGRES_RANDOM_PAGE_COST", "")
    monkeypatch.setenv("POSTGRES_PREPARED_STATEMENTS", "false")
    assert connection_options(environ.Env()) == {}
