"""The first page of a school's ticket list is kept per school
(support/school_tickets.py): read once, read again after any ticket of the school
or a shown name changed, and never one person's list on another's page."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from portal.accounts.services import anonymise_user
from support import tickets as helpdesk
from support.models import Ticket
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db
LIST = reverse("support:tickets")


def _cards(client, **params):
    soup = BeautifulSoup(client.get(LIST, params).content, "html.parser")
    return soup.select("main li.card")


def _subjects(client, **params) -> list[str]:
    return [card.h2.text.strip() for card in _cards(client, **params)]


def _statuses(client, **params) -> list[str]:
    return [card.select_one(".badge").text for card in _cards(client, **params)]


def test_a_second_visit_reads_no_ticket(
    client, teacher, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        file_ticket(teacher, subject="Display kaputt")
    client.force_login(teacher)
    first = BeautifulSoup(client.get(LIST).content, "html.parser").main
    with django_assert_num_queries(0):
        again = BeautifulSoup(client.get(LIST).content, "html.parser").main
    assert again == first and "Display kaputt" in first.text


def test_a_new_ticket_and_a_change_show_at_once(
    client, teacher, agent, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    assert _subjects(client) == []
    with django_capture_on_commit_callbacks(execute=True):
        ticket = file_ticket(teacher, subject="WLAN weg")
    assert _subjects(client) == ["WLAN weg"]
    assert _subjects(client, show="done") == []
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.change_ticket(ticket=ticket, by=agent, status="resolved")
    assert _subjects(client) == []
    assert _subjects(client, show="done") == ["WLAN weg"]


def test_each_person_sees_her_own_list(
    client,
    teacher,
    colleague,
    coordinator,
    other_school_teacher,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        file_ticket(teacher, subject="Von Lea")
        file_ticket(colleague, subject="Von Carl")
        file_ticket(other_school_teacher, subject="Von Olaf")
    for user, expected in [
        (teacher, ["Von Lea"]),
        (colleague, ["Von Carl"]),
        (coordinator, ["Von Carl", "Von Lea"]),
        (other_school_teacher, ["Von Olaf"]),
    ]:
        client.force_login(user)
        assert sorted(_subjects(client)) == expected


def test_another_schools_ticket_keeps_the_list(
    client,
    teacher,
    other_school_teacher,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    client.force_login(teacher)
    client.get(LIST)
    with django_capture_on_commit_callbacks(execute=True):
        file_ticket(other_school_teacher)
    with django_assert_num_queries(0):
        client.get(LIST)


def test_closing_in_bulk_shows_in_the_list(
    client, teacher, agent, django_capture_on_commit_callbacks
):
    """`close_resolved_tickets` writes with `update()`, which sends no signal."""
    with django_capture_on_commit_callbacks(execute=True):
        ticket = file_ticket(teacher, subject="Erledigt")
        helpdesk.change_ticket(ticket=ticket, by=agent, status="resolved")
    Ticket.objects.filter(pk=ticket.pk).update(
        resolved_at=timezone.now() - dt.timedelta(days=30)
    )
    client.force_login(teacher)
    assert _statuses(client, show="done") == ["Gelöst"]
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.close_resolved_tickets()
    assert _statuses(client, show="done") == ["Geschlossen"]


def test_the_coordinator_sees_an_anonymised_reporter_at_once(
    client, colleague, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        file_ticket(colleague)
    client.force_login(coordinator)
    assert "Carl Kollege" in client.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_user(user=colleague)
    page = client.get(LIST).content.decode()
    assert "Carl Kollege" not in page and "gelöschte Person" in page


def test_later_pages_are_read_as_before(client, teacher, monkeypatch):
    from support.views import tickets as views

    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 2)
    for n in range(5):
        file_ticket(teacher, subject=f"Nr. {n}")
    client.force_login(teacher)
    seen = [_subjects(client, page=n) for n in ("1", "2", "3")]
    assert [len(subjects) for subjects in seen] == [2, 2, 1]
    assert sorted(sum(seen, [])) == [f"Nr. {n}" for n in range(5)]
    assert "Seite 1 von 3" in client.get(LIST).content.decode()
