"""support.paging.get_page answers as Django's paginator does, with one query
less when the first page holds every row."""

import pytest
from django.core.paginator import Paginator

from support.models import Ticket
from support.paging import get_page
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(teacher):
    for n in range(5):
        file_ticket(teacher, subject=f"Ticket {n}")
    return Ticket.objects.order_by("pk")


def _shown(page):
    return (
        [t.subject for t in page.object_list],
        page.number,
        page.paginator.count,
        page.paginator.num_pages,
    )


@pytest.mark.parametrize("per_page", [2, 5, 10])
@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "99", "x", "-1"])
def test_same_page_as_djangos_paginator(five, per_page, number):
    expected = Paginator(five, per_page).get_page(number)
    assert _shown(get_page(five, per_page, number)) == _shown(expected)


def test_a_first_page_holding_every_row_is_one_query(five, django_assert_num_queries):
    with django_assert_num_queries(1):
        _shown(get_page(five, 5, None))
    with django_assert_num_queries(2):
        _shown(get_page(five, 4, None))  # the rows, then the count


def test_an_empty_list_is_one_empty_first_page(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = get_page(Ticket.objects.order_by("pk"), 5, None)
        assert _shown(page) == ([], 1, 0, 1)


@pytest.mark.parametrize("number", [None, "2", "3"])
def test_rows_are_read_as_asked_and_counted_without_their_joins(five, number):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = get_page(
            five,
            2,
            number,
            rows=lambda tickets: tickets.values("subject", "school__name"),
        )
        paginator = page.paginator
        subjects = [row["subject"] for row in page]
        shown = (subjects, page.number, paginator.count, paginator.num_pages)
    assert shown == _shown(Paginator(five, 2).get_page(number))
    assert all(row["school__name"] == "Grundschule Am Park" for row in page)
    (count,) = [q["sql"] for q in queries if "COUNT" in q["sql"]]
    assert "JOIN" not in count
