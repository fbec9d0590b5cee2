"""Helpdesk reports: counts, medians, profile versions, CSV safety, the chart."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from support import reports
from support import tickets as helpdesk
from support.models import Ticket
from tests.support.factories import ConfigurationProfileFactory
from tests.support.ticket_fixtures import file_ticket


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 231", "'+49 231"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Display kaputt", "Display kaputt"),
        (None, ""),
    ],
)
def test_csv_safe(value, expected):
    assert reports.csv_safe(value) == expected


@pytest.mark.django_db
def test_monthly_medians_of_first_response_and_resolution(teacher, agent):
    now = timezone.now()
    durations = [(2, 10), (4, 20), (9, 60)]  # hours to first response, to resolution
    for response_h, resolution_h in durations:
        ticket = file_ticket(teacher)
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=now - dt.timedelta(hours=100),
            first_response_at=now - dt.timedelta(hours=100 - response_h),
            resolved_at=now - dt.timedelta(hours=100 - resolution_h),
            status="resolved",
        )
    rows = reports.monthly(months=3, now=now + dt.timedelta(days=1))
    month = timezone.localtime(now - dt.timedelta(hours=100)).date().replace(day=1)
    row = next(r for r in rows if r.month == month)
    assert (row.filed, row.median_first_response_h, row.median_resolution_h) == (
        3,
        4.0,
        20.0,
    )
    assert sum(r.resolved for r in rows) == 3


@pytest.mark.django_db
def test_open_counts_and_profile_versions(teacher, other_school_teacher, agent, device):
    profile = ConfigurationProfileFactory(school=device.school, version=4)
    device.profile_version = profile
    device.save()
    file_ticket(teacher, serial=device.serial, category="wlan")
    file_ticket(teacher, category="wlan")
    done = file_ticket(other_school_teacher, category="app")
    helpdesk.change_ticket(ticket=done, by=agent, status="resolved")
    assert reports.open_counts("school__name") == [
        {"school__name": teacher.school.name, "count": 2}
    ]
    assert reports.open_by_category() == [{"label": "WLAN", "count": 2}]
    by_profile = {
        (r["profile_version__version"]): r["count"]
        for r in reports.by_profile_version()
    }
    assert by_profile == {4: 1, None: 2}


@pytest.mark.django_db
def test_report_page_has_an_accessible_chart_and_tables(client, agent, teacher):
    file_ticket(teacher)
    client.force_login(agent)
    response = client.get(reverse("support:reports"))
    soup = BeautifulSoup(response.content, "html.parser")
    svg = soup.find("svg")
    assert svg["role"] == "img"
    labelled = svg["aria-labelledby"].split()
    assert all(soup.find(id=i) for i in labelled)
    assert soup.find_all("rect", class_="bar")
    assert "," not in soup.find("rect", class_="bar")["y"]  # no German decimal comma
    assert len(soup.find_all("h1")) == 1
    assert "Median erste Antwort" in soup.get_text()


@pytest.mark.django_db
def test_reports_query_count_does_not_grow(
    client, agent, teacher, django_assert_max_num_queries
):
    client.force_login(agent)
    file_ticket(teacher)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("support:reports"))
    for _ in range(30):
        file_ticket(teacher)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("support:reports"))
