"""The queue's filter and bulk forms are kept as HTML until schools or agents
change (support/queue_forms.py)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from portal import roles
from tests.factories import SchoolFactory, staff_user
from tests.queries import get_counting_queries

pytestmark = pytest.mark.django_db
QUEUE = reverse("support:queue")


def _options(response, name: str) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [o.text for o in soup.select(f"select#{name} option")]


def _get(client, url=QUEUE):
    response, count = get_counting_queries(client, url)
    assert response.status_code == 200
    return response, count


def test_the_forms_are_rendered_once_and_shown_alike(client, agent, school):
    client.force_login(agent)
    first, rendered = _get(client)
    second, kept = _get(client)
    assert kept <= rendered - 4  # schools, districts and agents twice
    for name in ("id_school", "id_district", "id_assignee", "bulk_assignee"):
        assert _options(first, name) == _options(second, name)
    assert str(school) in _options(second, "id_school")
    assert "Anton Agent" in _options(second, "bulk_assignee")


def test_chosen_values_are_shown_per_filter(client, agent, school):
    client.force_login(agent)
    _get(client)
    response, _n = _get(client, f"{QUEUE}?school={school.pk}&priority=urgent")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("select#id_school option[selected]").text == str(school)
    assert soup.select_one("select#id_priority option[selected]")["value"] == "urgent"
    plain, _n = _get(client)
    assert not BeautifulSoup(plain.content, "html.parser").select(
        "select#id_school option[selected][value]:not([value=''])"
    )


def test_a_new_school_and_a_new_agent_appear_at_once(
    client, agent, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    _get(client)
    with django_capture_on_commit_callbacks(execute=True):
        SchoolFactory(name="Gesamtschule Neustadt")
    with django_capture_on_commit_callbacks(execute=True):
        staff_user(roles.AGENT, full_name="Berta Neu", email="berta@it.example")
    response, _n = _get(client)
    assert any("Gesamtschule Neustadt" in o for o in _options(response, "id_school"))
    assert "Berta Neu" in _options(response, "id_assignee")
    assert "Berta Neu" in _options(response, "bulk_assignee")


def test_an_agent_who_leaves_the_team_disappears(
    client, agent, django_capture_on_commit_callbacks
):
    colleague = staff_user(roles.AGENT, full_name="Carla Weg", email="c@it.example")
    client.force_login(agent)
    assert "Carla Weg" in _options(_get(client)[0], "bulk_assignee")
    with django_capture_on_commit_callbacks(execute=True):
        colleague.groups.remove(Group.objects.get(name=roles.AGENT))
    assert "Carla Weg" not in _options(_get(client)[0], "bulk_assignee")


def test_a_login_keeps_the_forms(client, agent, django_capture_on_commit_callbacks):
    from support.queue_forms import CHOICES

    version = CHOICES.version()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(agent)
        agent.save(update_fields=["last_login"])
    assert CHOICES.version() == version
    with django_capture_on_commit_callbacks(execute=True):
        agent.full_name = "Anton Umbenannt"
        agent.save()
    assert CHOICES.version() != version


def test_an_invalid_filter_shows_its_error_and_is_not_kept(client, agent):
    client.force_login(agent)
    response, _n = _get(client, f"{QUEUE}?priority=sofort")
    assert "sofort" in response.content.decode()
    assert "errorlist" in response.content.decode()
    clean, _n = _get(client)
    assert "errorlist" not in clean.content.decode()


def test_a_search_term_is_shown_but_never_kept(client, agent):
    from django.core.cache import cache

    client.force_login(agent)
    _get(client, f"{QUEUE}?q=Beamer")
    keys = set(cache._cache)
    response, _n = _get(client, f"{QUEUE}?q=Tafel")
    assert 'value="Tafel"' in response.content.decode()
    assert set(cache._cache) == keys  # nothing new stored


def test_a_new_agent_can_be_filtered_by_at_once(
    client, agent, teacher, django_capture_on_commit_callbacks
):
    from support import tickets as helpdesk
    from tests.support.ticket_fixtures import file_ticket

    client.force_login(agent)
    _get(client)  # the filter form class is built and kept
    colleague = staff_user(roles.AGENT, full_name="Dora Neu", email="d@it.example")
    ticket = file_ticket(teacher, subject="Für Dora")
    helpdesk.change_ticket(ticket=ticket, by=agent, assignee=colleague)
    response, _n = _get(client, f"{QUEUE}?assignee={colleague.pk}")
    page = response.content.decode()
    assert "Für Dora" in page and "errorlist" not in page
    soup = BeautifulSoup(page, "html.parser")
    chosen = soup.select_one("select#id_assignee option[selected]")
    assert chosen.text == "Dora Neu"


@pytest.mark.parametrize("query", ["", "?q=Tafel", "?priority=sofort", "?status=new"])
def test_the_bulk_fields_are_on_every_queue(client, agent, query):
    client.force_login(agent)
    for _twice in range(2):
        response, _n = _get(client, QUEUE + query)
        assert "Anton Agent" in _options(response, "bulk_assignee")
        assert _options(response, "bulk_status")[1:3] == ["Neu", "Offen"]
