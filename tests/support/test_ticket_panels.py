"""The panels beside a ticket in the IT service's view (support/ticket_panels.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from support import tickets as helpdesk
from support.models import Ticket
from support.ticket_panels import EARLIER_TICKETS, device_panel, school_panel
from tests.support.factories import ConfigurationProfileFactory
from tests.support.ticket_fixtures import file_ticket

pytestmark = pytest.mark.django_db


def test_school_panel_lists_the_soonest_due_and_counts_all_others(
    teacher, other_school_teacher, agent, django_assert_num_queries
):
    ticket = file_ticket(teacher)
    others = [file_ticket(teacher, subject=f"Nr. {n}") for n in range(12)]
    now = timezone.now()
    for n, other in enumerate(others):
        Ticket.objects.filter(pk=other.pk).update(due_at=now + dt.timedelta(hours=n))
    helpdesk.change_ticket(ticket=others[0], by=agent, status="resolved")
    file_ticket(other_school_teacher)
    with django_assert_num_queries(2):
        panel = school_panel(ticket)
    assert panel.open_count == 11
    assert [t.subject for t in panel.open_tickets] == [
        f"Nr. {n}" for n in range(1, EARLIER_TICKETS + 1)
    ]


def test_school_panel_without_other_tickets(teacher):
    panel = school_panel(file_ticket(teacher))
    assert (panel.open_count, panel.open_tickets) == (0, [])


def test_device_panel_reads_the_profile_of_the_devices_own_school(
    teacher, device, other_device, django_assert_num_queries
):
    ours = ConfigurationProfileFactory(school=device.school, version=3)
    theirs = ConfigurationProfileFactory(school=other_device.school, version=7)
    ticket = file_ticket(teacher, serial=device.serial)
    school = school_panel(ticket)
    assert school.current_profile == ours
    with django_assert_num_queries(3):  # device, open loan, earlier tickets
        panel = device_panel(ticket, school_profile=school.current_profile)
    assert panel.current_profile == ours and not panel.other_school
    ticket.device = other_device  # an agent may link another school's device
    panel = device_panel(ticket, school_profile=school.current_profile)
    assert panel.current_profile == theirs and panel.other_school


def test_device_panel_takes_a_school_without_profile_as_read(
    teacher, device, django_assert_num_queries
):
    ticket = file_ticket(teacher, serial=device.serial)
    with django_assert_num_queries(3):  # device, open loan, earlier tickets
        panel = device_panel(ticket, school_profile=None)
    assert panel.current_profile is None
    with django_assert_num_queries(4):  # and the profile, not read before
        device_panel(ticket)


def test_the_current_profile_is_kept_until_a_new_version_is_saved(
    teacher, agent, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from support.devices import create_profile_version

    ticket = file_ticket(teacher)

    def new_version(wifi_name: str):
        with django_capture_on_commit_callbacks(execute=True):
            return create_profile_version(
                school=ticket.school,
                by=agent,
                wifi_name=wifi_name,
                wifi_security="wpa2_enterprise",
            )

    assert school_panel(ticket).current_profile is None
    with django_assert_num_queries(0):  # the open tickets and "no profile" kept
        assert school_panel(ticket).current_profile is None
    first = new_version("Schule")
    assert school_panel(ticket).current_profile == first
    second = new_version("Neu")
    with django_assert_num_queries(1):
        assert school_panel(ticket).current_profile == second
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert school_panel(ticket).current_profile is None  # first is not current


def test_the_open_tickets_are_kept_until_one_of_the_schools_tickets_changes(
    teacher,
    other_school_teacher,
    agent,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    ticket = file_ticket(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        first = file_ticket(teacher, subject="Erste")
    assert school_panel(ticket).open_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        file_ticket(other_school_teacher)  # another school's: the panel stays kept
    with django_assert_num_queries(0):
        assert [t.subject for t in school_panel(ticket).open_tickets] == ["Erste"]
    with django_capture_on_commit_callbacks(execute=True):
        file_ticket(teacher, subject="Zweite")
    assert school_panel(ticket).open_count == 2
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.change_ticket(ticket=first, by=agent, status="resolved")
    panel = school_panel(ticket)
    assert [t.subject for t in panel.open_tickets] == ["Zweite"]
    assert panel.open_count == 1
    # A resolved ticket's panel counts every open one of its school.
    first.refresh_from_db()
    assert school_panel(first).open_count == 2
