"""The logged-in user read through the shared cache (portal/accounts/user_cache.py):
fewer queries, and every change that matters counts at the user's next request."""

from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks

from portal import roles
from portal.accounts import user_cache
from portal.accounts.models import User
from portal.accounts.wagtail_hooks import forget_users_changed_in_bulk

pytestmark = pytest.mark.django_db

MY_COURSES = reverse("courses:my_courses")
QUEUE = reverse("support:queue")
METHODS = ("get", "add", "set_many", "delete")


def _user_queries(client, url):
    """The status of a GET and its queries that read the user or her groups."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    reads = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "accounts_user"."id"')
        or 'INNER JOIN "accounts_user_groups"' in q["sql"]
    ]
    return response.status_code, reads


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_second_request_reads_neither_user_nor_roles_from_the_database(teacher):
    client = _logged_in(teacher)
    status, first = _user_queries(client, MY_COURSES)
    assert status == 200
    assert len(first) == 2  # the user and her role names
    status, second = _user_queries(client, MY_COURSES)
    assert status == 200
    assert second == []


def test_a_deactivated_user_is_logged_out_at_her_next_request(teacher):
    client = _logged_in(teacher)
    assert client.get(MY_COURSES).status_code == 200
    teacher.is_active = False
    teacher.save()
    response = client.get(MY_COURSES)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_password_change_logs_out_her_other_sessions(teacher):
    client = _logged_in(teacher)
    assert client.get(MY_COURSES).status_code == 200
    teacher.set_password("ein-neues-langes-Passwort-2026")
    teacher.save()
    assert client.get(MY_COURSES).status_code == 302


def test_a_role_taken_away_counts_at_the_next_request(agent):
    client = _logged_in(agent)
    assert client.get(QUEUE).status_code == 200
    agent.groups.remove(Group.objects.get(name=roles.AGENT))
    assert client.get(QUEUE).status_code == 404


def test_a_role_given_through_the_group_counts_at_the_next_request(agent):
    client = _logged_in(agent)
    agent_group = Group.objects.get(name=roles.AGENT)
    agent.groups.remove(agent_group)
    assert client.get(QUEUE).status_code == 404
    agent_group.user_set.add(agent)  # as Wagtail's bulk "assign role" does
    assert client.get(QUEUE).status_code == 200
    agent_group.user_set.clear()
    assert client.get(QUEUE).status_code == 404


def test_a_deleted_group_takes_its_role_from_the_members(agent):
    client = _logged_in(agent)
    assert client.get(QUEUE).status_code == 200
    Group.objects.get(name=roles.AGENT).delete()
    assert client.get(QUEUE).status_code == 404


def test_a_renamed_group_is_no_role_any_more(agent):
    client = _logged_in(agent)
    assert client.get(QUEUE).status_code == 200
    group = Group.objects.get(name=roles.AGENT)
    group.name = "Ehemalige Agenten"
    group.save()
    assert client.get(QUEUE).status_code == 404


def test_a_profile_change_shows_at_the_next_request(teacher):
    client = _logged_in(teacher)
    assert client.get(MY_COURSES)["Content-Language"] == "de"
    teacher.preferred_language = "en"
    teacher.save()
    response = client.get(MY_COURSES)
    assert response["Content-Language"] == "en"


def test_wagtails_bulk_deactivation_logs_the_users_out(teacher, colleague):
    clients = [_logged_in(teacher), _logged_in(colleague)]
    for client in clients:
        assert client.get(MY_COURSES).status_code == 200
    # What Wagtail's bulk action does: an update() that sends no signal ...
    User.objects.filter(pk__in=[teacher.pk, colleague.pk]).update(is_active=False)
    # ... then its after_bulk_action hooks.
    assert forget_users_changed_in_bulk in hooks.get_hooks("after_bulk_action")
    forget_users_changed_in_bulk(None, "set_active_state", [teacher, colleague], None)
    for client in clients:
        assert client.get(MY_COURSES).status_code == 302


def test_a_row_read_before_a_change_is_not_stored_after_it(
    teacher, django_capture_on_commit_callbacks
):
    stale = User.objects.get(pk=teacher.pk)
    with django_capture_on_commit_callbacks(execute=True):
        teacher.is_active = False
        teacher.save()  # commits while a request still holds `stale`

    def load_stale(user_id):
        return stale

    assert user_cache.get_user(teacher.pk, load_stale) is stale
    assert cache.get(user_cache.cache_key(teacher.pk)) == user_cache._TOMBSTONE


def test_a_login_drops_the_entry_without_keeping_the_user_uncached(
    teacher, django_capture_on_commit_callbacks
):
    client = _logged_in(teacher)
    client.get(MY_COURSES)
    key = user_cache.cache_key(teacher.pk)
    assert isinstance(cache.get(key), User)
    with django_capture_on_commit_callbacks(execute=True):
        teacher.save(update_fields=["last_login"])  # what a login does
    assert cache.get(key) is None
    client.get(MY_COURSES)
    assert isinstance(cache.get(key), User)


def test_the_stored_user_carries_no_request_state(teacher):
    teacher.school  # noqa: B018 - kept: every page may show it
    teacher._state.fields_cache["calendar_feed"] = object()  # loaded by a page
    teacher.backend = "portal.accounts.backends.CachedModelBackend"
    stored = user_cache._storable(teacher)
    assert stored.school_id == teacher.school_id
    assert set(stored._state.fields_cache) == {"school"}
    assert not hasattr(stored, "backend")


def test_without_the_cache_server_users_are_read_from_the_database(teacher):
    client = _logged_in(teacher)
    client.get(MY_COURSES)
    down = mock.Mock(**{f"{m}.side_effect": ConnectionError("down") for m in METHODS})
    # The session store reads the user's entry with the session: down too.
    sessions_down = mock.patch.object(
        caches["default"], "get_many", side_effect=ConnectionError("down")
    )
    with mock.patch("portal.accounts.user_cache.cache", down), sessions_down:
        status, reads = _user_queries(client, MY_COURSES)
    assert status == 200
    assert len(reads) == 2


def test_the_second_factor_is_checked_without_a_query_once_cached(agent):
    client = _logged_in(agent)
    assert client.get(QUEUE).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    assert not [q for q in queries if "mfa_authenticator" in q["sql"]]


def test_a_removed_second_factor_counts_at_the_next_request(agent):
    client = _logged_in(agent)
    assert client.get(QUEUE).status_code == 200
    Authenticator.objects.filter(user=agent).delete()
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_renamed_school_reaches_its_users_at_their_next_request(teacher, school):
    client = _logged_in(teacher)
    client.get(MY_COURSES)
    key = user_cache.cache_key(teacher.pk)
    assert cache.get(key).school.name == "Grundschule Am Park"
    school.name = "Grundschule Am Stadtpark"
    school.save()
    assert cache.get(key) == user_cache._TOMBSTONE
    client.get(MY_COURSES)
    fresh = User.objects.get(pk=teacher.pk)
    assert user_cache.get_user(teacher.pk, lambda pk: fresh).school.name == (
        "Grundschule Am Stadtpark"
    )
