"""Queries whose SQL is kept per shape (portal/kept_sql.py) answer what the ORM
answers, with each call's own arguments and the data as it is now, and compile
once per shape."""

from unittest import mock

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.http import Http404

from portal import kept_sql
from support.models import Ticket
from support.permissions import get_ticket_for_agent
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    kept_sql.forget()
    yield
    kept_sql.forget()


@pytest.fixture
def tickets(teacher, coordinator):
    return [
        file_ticket(teacher, subject="Beamer flackert", category="display"),
        file_ticket(coordinator, subject="WLAN weg", category="wlan"),
        file_ticket(teacher, subject="Lädt nicht", category="charging"),
    ]


def _by_category(category: str):
    return (
        Ticket.objects.filter(category=category)
        .order_by("due_at", "pk")
        .values("pk", "reference", "due_at", "school__name", "assignee_id")
    )


def _compiles():
    return mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, wraps=SQLCompiler.as_sql
    )


@pytest.mark.parametrize("category", ["display", "wlan", "lost"])
def test_value_rows_are_the_orms_rows(tickets, category):
    expected = list(_by_category(category))
    assert kept_sql.value_rows("by-category", _by_category, category) == expected
    assert kept_sql.value_rows("by-category", _by_category, category) == expected


def test_a_shape_compiles_once_and_runs_with_each_calls_arguments(tickets):
    kept_sql.value_rows("by-category", _by_category, "display")
    with _compiles() as compiled:
        wlan = kept_sql.value_rows("by-category", _by_category, "wlan")
        display = kept_sql.value_rows("by-category", _by_category, "display")
    assert compiled.call_count == 0
    assert [row["reference"] for row in wlan] == [tickets[1].reference]
    assert [row["reference"] for row in display] == [tickets[0].reference]


def test_the_kept_sql_reads_the_data_as_it_is_now(tickets, teacher):
    assert len(kept_sql.value_rows("by-category", _by_category, "display")) == 1
    file_ticket(teacher, subject="Noch ein Display", category="display")
    Ticket.objects.filter(pk=tickets[0].pk).update(category="other")
    rows = kept_sql.value_rows("by-category", _by_category, "display")
    assert [row["reference"] for row in rows] == list(
        _by_category("display").values_list("reference", flat=True)
    )
    assert tickets[0].reference not in [row["reference"] for row in rows]


def test_instances_come_with_what_they_select_related(
    tickets, django_assert_num_queries
):
    def build(reference):
        return Ticket.objects.select_related("school", "reporter").filter(
            reference=reference
        )

    wanted = tickets[1]
    kept_sql.instances("ticket", build, tickets[0].reference)  # compiled
    with django_assert_num_queries(1):
        (found,) = kept_sql.instances("ticket", build, wanted.reference)
        assert found.school.name == wanted.school.name
        assert found.reporter.full_name == wanted.reporter.full_name
    expected = build(wanted.reference).get()
    assert found == expected
    assert found._state.db == "default" and not found._state.adding
    for field in Ticket._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname)
    assert kept_sql.instances("ticket", build, "T-1999-999999") == []


def test_what_cannot_be_kept_is_read_by_the_orm(tickets):
    def with_messages(reference):
        return Ticket.objects.prefetch_related("messages").filter(reference=reference)

    reference = tickets[0].reference
    (found,) = kept_sql.instances("prefetch", with_messages, reference)
    assert found.pk == tickets[0].pk
    assert len(found.messages.all()) == 1  # prefetched by the ORM
    # None would change the SQL (IS NULL): such a call is never kept.
    assert (
        kept_sql.value_rows(
            "none",
            lambda serial: Ticket.objects.filter(serial=serial).values("pk"),
            None,
        )
        == []
    )


def test_the_agents_ticket_is_the_ticket_and_unknown_references_are_404(
    tickets, agent, teacher
):
    ticket = get_ticket_for_agent(agent, tickets[2].reference)
    assert ticket.pk == tickets[2].pk
    assert ticket.school.pk == tickets[2].school_id
    with pytest.raises(Http404):
        get_ticket_for_agent(agent, "T-1999-999999")
    with pytest.raises(Http404):  # the kept query is the IT service's only
        get_ticket_for_agent(teacher, tickets[0].reference)


def test_a_list_of_numbers_is_kept_per_length(tickets):
    def by_pks(*pks):
        return Ticket.objects.filter(pk__in=pks).order_by("pk").values("pk")

    first, second, third = (ticket.pk for ticket in tickets)
    assert kept_sql.value_rows(("pks", 2), by_pks, first, third) == [
        {"pk": first},
        {"pk": third},
    ]
    with _compiles() as compiled:
        assert kept_sql.value_rows(("pks", 2), by_pks, second, third) == [
            {"pk": second},
            {"pk": third},
        ]
    assert compiled.call_count == 0
    assert kept_sql.value_rows(("pks", 1), by_pks, second) == [{"pk": second}]
