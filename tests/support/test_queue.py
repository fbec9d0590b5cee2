"""The IT service's queue: filters, search, sorting, saved filters, bulk actions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from support import tickets as helpdesk
from support.models import SavedFilter, Ticket
from tests.factories import SchoolFactory, UserFactory
from tests.support.ticket_fixtures import file_ticket, queue_references

pytestmark = pytest.mark.django_db
QUEUE = reverse("support:queue")


def test_default_shows_active_tickets_sorted_by_due_time(client, agent, tickets):
    client.force_login(agent)
    refs = queue_references(client.get(QUEUE))
    # the lost device has high priority, hence the earlier due time
    assert refs == [tickets["lost"].reference, tickets["wlan"].reference]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "resolved"}, ["done"]),
        ({"category": "wlan"}, ["wlan"]),
        ({"priority": "high"}, ["lost"]),
        ({"assignee": "none"}, ["lost"]),
        ({"q": "WLAN"}, ["wlan"]),
        ({"q": "Gymnasium Nord"}, ["lost"]),
    ],
)
def test_filters_and_search(client, agent, tickets, school, params, expected):
    client.force_login(agent)
    refs = queue_references(client.get(QUEUE, params))
    assert refs == [tickets[key].reference for key in expected]


def test_filter_by_school_district_assignee_reference_and_serial(
    client, agent, tickets, school, device, teacher
):
    client.force_login(agent)
    with_device = file_ticket(teacher, serial=device.serial)
    assert queue_references(client.get(QUEUE, {"school": school.pk})) == [
        tickets["wlan"].reference,
        with_device.reference,
    ]
    assert queue_references(client.get(QUEUE, {"assignee": agent.pk})) == [
        tickets["wlan"].reference
    ]
    assert queue_references(client.get(QUEUE, {"q": tickets["lost"].reference})) == [
        tickets["lost"].reference
    ]
    assert queue_references(client.get(QUEUE, {"q": device.serial[2:8].lower()})) == [
        with_device.reference
    ]
    other = SchoolFactory(district="Hörde")
    elsewhere = file_ticket(UserFactory(school=other))
    assert queue_references(client.get(QUEUE, {"district": "Hörde"})) == [
        elsewhere.reference
    ]


def test_overdue_filter(client, agent, tickets):
    Ticket.objects.filter(pk=tickets["wlan"].pk).update(
        due_at=timezone.now() - dt.timedelta(hours=1)
    )
    client.force_login(agent)
    response = client.get(QUEUE, {"overdue": "on"})
    assert queue_references(response) == [tickets["wlan"].reference]
    assert "überfällig" in response.content.decode()


def test_saved_filters_belong_to_one_agent(client, agent, admin):
    client.force_login(agent)
    client.post(
        reverse("support:queue_save_filter"),
        {"name": "Meine WLAN", "query": "category=wlan"},
    )
    saved = SavedFilter.objects.get()
    assert (saved.owner, saved.query) == (agent, "category=wlan")
    assert "Meine WLAN" in client.get(QUEUE).content.decode()
    client.force_login(admin)
    assert "Meine WLAN" not in client.get(QUEUE).content.decode()
    delete = reverse("support:queue_delete_filter", args=[saved.pk])
    assert client.post(delete).status_code == 404
    client.force_login(agent)
    client.post(delete)
    assert not SavedFilter.objects.exists()


def test_the_kept_list_of_saved_filters_follows_saving_and_deleting(
    client, agent, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    assert "Meine WLAN" not in client.get(QUEUE).content.decode()  # kept: none
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("support:queue_save_filter"),
            {"name": "Meine WLAN", "query": "category=wlan"},
        )
    assert "Meine WLAN" in client.get(QUEUE).content.decode()
    saved = SavedFilter.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("support:queue_delete_filter", args=[saved.pk]))
    assert "Meine WLAN" not in client.get(QUEUE).content.decode()


def test_bulk_assign_and_status(client, agent, tickets):
    client.force_login(agent)
    refs = [tickets["wlan"].reference, tickets["lost"].reference]
    client.post(
        reverse("support:queue_bulk"),
        {"tickets": refs, "assignee": agent.pk, "status": "in_repair"},
    )
    assert set(
        Ticket.objects.filter(reference__in=refs).values_list("status", "assignee")
    ) == {("in_repair", agent.pk)}


def test_bulk_without_action_says_what_is_missing(client, agent, tickets):
    client.force_login(agent)
    response = client.post(
        reverse("support:queue_bulk"),
        {"tickets": [tickets["wlan"].reference]},
        follow=True,
    )
    assert "Wählen Sie eine Person" in response.content.decode()


def test_queue_query_count_does_not_grow_with_tickets(
    client, agent, teacher, django_assert_max_num_queries
):
    client.force_login(agent)
    for n in range(3):
        helpdesk.change_ticket(
            ticket=file_ticket(teacher, serial=f"DMPQ{n:06d}XY"),
            by=agent,
            assignee=agent,
        )
    with django_assert_max_num_queries(20) as few:
        client.get(QUEUE)
    for _n in range(40):
        helpdesk.change_ticket(
            ticket=file_ticket(UserFactory(school=SchoolFactory())),
            by=agent,
            assignee=agent,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert len(queue_references(response)) == 43


def test_queue_ticket_query_count_does_not_grow_with_history(
    client, agent, teacher, device, django_assert_max_num_queries
):
    ticket = file_ticket(teacher, serial=device.serial)
    client.force_login(agent)
    url = reverse("support:queue_ticket", args=[ticket.reference])
    from django.core.cache import cache

    cache.clear()  # both pages drawn with nothing kept
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(10):
        helpdesk.reply_to_ticket(ticket=ticket, author=agent, body=f"Antwort {n}")
        helpdesk.reply_to_ticket(ticket=ticket, author=teacher, body=f"Frage {n}")
        file_ticket(teacher, serial=device.serial)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_usual_filter_has_its_index_and_statistics():
    from django.db import connection

    with connection.cursor() as cursor:
        names = connection.introspection.get_constraints(cursor, "support_ticket")
        assert names["ticket_priority_status_due"]["columns"] == [
            "priority",
            "status",
            "due_at",
        ]
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT stxkind FROM pg_statistic_ext WHERE stxname = %s",
                ["support_ticket_status_priority"],
            )
            assert cursor.fetchone() is not None


PLAIN_QUERIES = [
    "",
    "page=2",
    "status=new&priority=urgent",
    "category=wlan&sort=due",
    "status=new&status=open&sort=priority",
    "status=resolved&sort=-created",
    "priority=high&category=lost&sort=-activity",
    "priority=&category=",
]


@pytest.mark.parametrize("query", PLAIN_QUERIES)
def test_a_plain_queue_is_the_filters_own_answer_without_building_them(
    tickets, agent, other_school_teacher, query
):
    """Opened without a filter (the usual visit), or narrowed by status,
    priority, category and sort alone, the queue lists, counts and shows in
    its form what the filters would."""
    from django.core.cache import cache
    from django.http import QueryDict

    from support import queue_forms
    from support.queue_filters import QueueFilter, page_rows, plain_queue

    urgent = file_ticket(other_school_teacher, category="lost", subject="Weg!")
    helpdesk.change_ticket(ticket=urgent, by=agent, priority="urgent")
    data = QueryDict(query)
    filtered = QueueFilter(data, queryset=Ticket.objects.for_queue())
    plain, counted, _shape = plain_queue(data, Ticket.objects.for_queue())
    assert list(plain.values_list("pk", flat=True)) == list(
        filtered.qs.values_list("pk", flat=True)
    )
    assert plain.query.order_by == filtered.qs.query.order_by
    # The view's own: narrowed once per shape, a fresh clone on each call.
    kept, kept_counted, kept_shape = plain_queue(data)
    assert kept is not plain_queue(data).tickets
    assert (kept_counted, kept_shape) == (counted, _shape)
    assert list(kept.values_list("pk", flat=True)) == list(
        filtered.qs.values_list("pk", flat=True)
    )
    # A page's rows, chosen on the ticket table before the joins.
    for bounds in (slice(0, 2), slice(1, 3), slice(0, 50)):
        assert list(page_rows(kept[bounds], sort=_shape[-1])) == list(
            kept[bounds].queue_rows()
        )
    assert counted == filtered.counted_filter()
    drawn = queue_forms.forms_html(filtered)
    cache.clear()
    assert queue_forms.plain_forms_html(data) == drawn


@pytest.mark.parametrize(
    "query",
    [
        "q=",
        "q=Beamer",
        "overdue=on",
        "school=1",
        "district=Mitte",
        "assignee=none",
        "status=",
        "status=bogus",
        "priority=bogus",
        "sort=bogus",
    ],
)
def test_any_other_filter_or_a_wrong_value_builds_the_filters(query):
    from django.http import QueryDict

    from support.queue_filters import plain_queue

    assert plain_queue(QueryDict(query), Ticket.objects.for_queue()) is None
