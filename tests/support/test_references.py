"""Ticket references: readable, per year, unique also under concurrency."""

import threading

import pytest
from django.db import connection, transaction

from support.models import Ticket
from support.references import format_reference, next_reference, parse_reference
from tests.support.ticket_fixtures import file_ticket


def test_format_and_parse():
    assert format_reference(2026, 4217) == "T-2026-004217"
    assert parse_reference(" t-2026-004217 ") == (2026, 4217)
    assert parse_reference("2026-4217") is None


@pytest.mark.django_db
def test_numbers_count_up_per_year():
    with transaction.atomic():
        first = next_reference(year=2025)
        second = next_reference(year=2025)
        other_year = next_reference(year=2026)
    assert (first, second, other_year) == (
        "T-2025-000001",
        "T-2025-000002",
        "T-2026-000001",
    )


def test_next_reference_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        next_reference(year=2026)


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_get_fifty_distinct_references(teacher):
    errors: list[BaseException] = []
    barrier = threading.Barrier(50)

    def submit(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            file_ticket(teacher, subject=f"Gleichzeitig {n}")
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = list(Ticket.objects.values_list("reference", flat=True))
    assert len(references) == 50
    assert len(set(references)) == 50


@pytest.mark.django_db
def test_numbers_count_up_without_returning_too(monkeypatch):
    """SQLite before 3.35 knows no RETURNING: an UPDATE and a SELECT instead."""
    with transaction.atomic():
        first = next_reference(year=2027)
        monkeypatch.setattr(
            connection.features, "can_return_columns_from_insert", False
        )
        second = next_reference(year=2027)
        monkeypatch.undo()
        third = next_reference(year=2027)
    assert (first, second, third) == ("T-2027-000001", "T-2027-000002", "T-2027-000003")


@pytest.mark.django_db
def test_a_number_is_one_statement(django_assert_num_queries):
    with transaction.atomic():
        next_reference(year=2028)  # creates the year's counter
        expected = 1 if connection.features.can_return_columns_from_insert else 2
        with django_assert_num_queries(expected):
            assert next_reference(year=2028) == "T-2028-000002"
