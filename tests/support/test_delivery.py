"""The delivery overview: counts per school and batch, next in line, charts."""

import datetime

import pytest
from django.urls import reverse

from support import delivery
from tests.support.factories import (
    BatchAllocationFactory,
    DeliveryBatchFactory,
    DeviceFactory,
    LoanFactory,
    serial_for,
)


@pytest.fixture
def progress(school, other_school):
    done = DeliveryBatchFactory(number=1, actual_date=datetime.date(2020, 11, 18))
    later = DeliveryBatchFactory(
        number=2, planned_date=datetime.date(2027, 1, 10), actual_date=None
    )
    BatchAllocationFactory(batch=done, school=school, devices_planned=3)
    BatchAllocationFactory(batch=later, school=other_school, devices_planned=7)
    devices = [
        DeviceFactory(school=school, batch=done, serial=serial_for(n)) for n in range(3)
    ]
    DeviceFactory(school=other_school, batch=later, status="ordered", delivered_on=None)
    LoanFactory(device=devices[0])
    return done, later


def test_counts_per_school_come_from_devices(progress, school, other_school):
    rows = {s.pk: s for s in delivery.schools_with_progress()}
    assert (rows[school.pk].planned, rows[school.pk].delivered) == (3, 3)
    assert rows[school.pk].on_loan == 1
    assert (rows[other_school.pk].planned, rows[other_school.pk].delivered) == (7, 0)


def test_next_in_line_lists_undelivered_batches(progress, other_school):
    assert [a.school for a in delivery.next_in_line()] == [other_school]


def test_cumulative_points(progress):
    points = delivery.cumulative_deliveries()
    assert [(p.day, p.total) for p in points] == [(datetime.date(2020, 11, 18), 3)]


def test_overview_for_agents_with_accessible_charts(
    client, agent, progress, django_assert_max_num_queries
):
    client.force_login(agent)
    with django_assert_max_num_queries(20):
        body = client.get(reverse("support:delivery_overview")).content.decode()
    assert body.count('role="img"') == 2 and body.count("<title id=") == 2
    assert "3 / 100" in body  # delivered / allotted written as text
    assert "Als Nächstes an der Reihe" in body


@pytest.mark.parametrize("who", ["teacher", "coordinator", "trainer"])
def test_overview_is_hidden_from_everyone_else(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("support:delivery_overview")).status_code == 404


def test_cms_menu_links_agents_to_the_overview(client, agent, trainer):
    client.force_login(agent)
    url = reverse("support:delivery_overview")
    assert url in client.get("/cms/").content.decode()
    client.force_login(trainer)
    assert url not in client.get("/cms/").content.decode()


def test_overview_counts_once_a_minute_and_says_when(client, agent):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client.force_login(agent)
    url = reverse("support:delivery_overview")
    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    assert response.status_code == 200
    assert "Stand:" in response.content.decode()
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second.captured_queries) <= len(first.captured_queries) - 3


def _age_snapshot(seconds: int) -> None:
    import dataclasses

    from django.core.cache import cache
    from django.utils import timezone

    old = cache.get(delivery.SNAPSHOT_KEY)
    taken = timezone.now() - datetime.timedelta(seconds=seconds)
    cache.set(delivery.SNAPSHOT_KEY, dataclasses.replace(old, taken_at=taken), None)
    return taken


def test_a_minute_old_count_is_shown_while_the_worker_recounts(client, agent, progress):
    from unittest import mock

    client.force_login(agent)
    url = reverse("support:delivery_overview")
    client.get(url)
    taken = _age_snapshot(120)
    with mock.patch.object(delivery, "refresh_delivery_snapshot") as refresh:
        first = client.get(url)
        client.get(url)
    assert refresh.enqueue.call_count == 1  # one recount asked for, not one per agent
    assert first.context["taken_at"] == taken  # the old figures, at once
    # The worker (here: the immediate backend) stores the new count.
    delivery.refresh_delivery_snapshot.enqueue()
    assert delivery.delivery_snapshot().taken_at > taken


def test_without_a_worker_the_page_recounts_after_ten_minutes(client, agent, progress):
    from unittest import mock

    client.force_login(agent)
    url = reverse("support:delivery_overview")
    client.get(url)
    taken = _age_snapshot(delivery.STALE_SECONDS + 1)
    with mock.patch.object(delivery, "refresh_delivery_snapshot") as refresh:
        response = client.get(url)
    assert not refresh.enqueue.called
    assert response.context["taken_at"] > taken


def test_figures_are_drawn_once_per_count(client, agent, progress, school):
    """The charts and tables of a count are kept, and a new count is drawn anew."""
    from unittest import mock

    from support import delivery_markup

    client.force_login(agent)
    url = reverse("support:delivery_overview")
    first = client.get(url).content.decode()
    assert "3 / 100" in first
    with mock.patch.object(
        delivery_markup, "render_to_string", wraps=delivery_markup.render_to_string
    ) as drawn:
        assert "3 / 100" in client.get(url).content.decode()
        assert not drawn.called  # the same count: nothing drawn again
        DeviceFactory(school=school, batch=progress[0], serial=serial_for(9))
        delivery.refresh_delivery_snapshot.enqueue()  # the worker recounts
        again = client.get(url).content.decode()
    assert drawn.call_count == 2  # figures and schools of the new count
    assert "4 / 100" in again and "3 / 100" not in again


def test_figures_are_drawn_per_language(client, agent, progress):
    client.force_login(agent)
    url = reverse("support:delivery_overview")
    german = client.get(url, headers={"accept-language": "de"}).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "Zugeteilte Geräte" in german and "Zugeteilte Geräte" not in english
    assert "Devices allotted" in english and "Devices allotted" not in german


def test_a_count_stored_before_it_had_a_token_is_shown(client, agent, progress):
    """Counts stored by the release before carry no token; they are still shown."""
    import dataclasses

    from django.core.cache import cache

    client.force_login(agent)
    url = reverse("support:delivery_overview")
    client.get(url)
    stored = cache.get(delivery.SNAPSHOT_KEY)
    cache.set(delivery.SNAPSHOT_KEY, dataclasses.replace(stored, token=""), None)
    assert "3 / 100" in client.get(url).content.decode()


def test_a_month_label_at_the_right_edge_ends_there():
    """The last month's label would run past the chart: it is drawn ending at
    its tick; the others start at theirs."""
    from support import charts

    chart = charts.cumulative_chart(
        [
            delivery.Point(datetime.date(2020, 11, 4), 2000),
            delivery.Point(datetime.date(2021, 4, 7), 25000),
        ]
    )
    anchors = [(tick.label, tick.anchor) for tick in chart.x_ticks]
    assert anchors[0] == ("11/2020", "start")
    assert anchors[-1] == ("04/2021", "end")
    assert all(anchor == "start" for _label, anchor in anchors[:-1])
    assert all(
        tick.x + charts.MONTH_LABEL_WIDTH <= charts.WIDTH for tick in chart.x_ticks[:-1]
    )


def test_totals_are_grouped_as_the_chart_labels(client, agent, progress, school):
    """25,000 devices read "25.000" in German and "25,000" in English, in the
    totals as on the charts, not "25000"."""
    from portal.schools.models import School

    School.objects.filter(pk=school.pk).update(devices_allotted=24900)
    client.force_login(agent)
    url = reverse("support:delivery_overview")
    german = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "<dd>25.000</dd>" in german and "25000" not in german
    assert "<dd>25,000</dd>" in english and "25000" not in english
