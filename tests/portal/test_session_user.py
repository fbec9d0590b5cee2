"""A logged-in request reads its session and its user's cache entry in one round
trip (portal/accounts/sessions.py), and never uses an entry meant for another."""

from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished
from django.test import Client
from django.urls import reverse

from portal.accounts import sessions, user_cache
from portal.accounts.models import User

pytestmark = pytest.mark.django_db

MY_COURSES = reverse("courses:my_courses")
SESSION_PREFIX = "django.contrib.sessions.cached_db"


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reads(client, url=MY_COURSES):
    """The response and each cache read of the session or a user: (method, keys)."""
    backend = caches["default"]
    reads = []
    inside = []  # the test cache's get_many calls its get: count the outer call

    def spy(name):
        original = getattr(backend, name)

        def read(key_or_keys, *args, **kwargs):
            keys = [key_or_keys] if isinstance(key_or_keys, str) else list(key_or_keys)
            mine = [k for k in keys if k.startswith((SESSION_PREFIX, "auth-user:"))]
            if mine and not inside:
                reads.append((name, sorted(mine)))
            inside.append(name)
            try:
                return original(key_or_keys, *args, **kwargs)
            finally:
                inside.pop()

        return read

    with (
        mock.patch.object(backend, "get", spy("get")),
        mock.patch.object(backend, "get_many", spy("get_many")),
    ):
        response = client.get(url)
    return response, reads


def test_settings_use_the_portal_session_store():
    assert settings.SESSION_ENGINE == "portal.accounts.sessions"
    assert settings.SESSION_CACHE_ALIAS == "default"


def test_the_session_and_its_user_are_read_in_one_round_trip(teacher):
    client = _logged_in(teacher)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    sessions._user_of_session.pop(session_key, None)  # a worker that never saw it
    response, first = _reads(client)
    assert response.status_code == 200
    assert [name for name, _keys in first] == ["get", "get"]  # session, then user
    response, second = _reads(client)
    assert response.status_code == 200
    assert response.wsgi_request.user == teacher
    assert second == [
        ("get_many", sorted([SESSION_PREFIX + session_key, f"auth-user:{teacher.pk}"]))
    ]


def test_a_changed_user_is_read_from_the_database_at_the_next_request(teacher):
    client = _logged_in(teacher)
    client.get(MY_COURSES)
    teacher.full_name = "Neu Name"
    teacher.save()
    response, reads = _reads(client)
    assert reads[0][0] == "get_many"
    assert response.wsgi_request.user.full_name == "Neu Name"


def test_a_deactivated_user_is_logged_out_although_her_entry_came_with_the_session(
    teacher,
):
    client = _logged_in(teacher)
    client.get(MY_COURSES)
    User.objects.filter(pk=teacher.pk).update(is_active=False)
    user_cache.forget_users([teacher.pk])
    response, reads = _reads(client)
    assert reads[0][0] == "get_many"
    assert response.status_code == 302  # to the login


def test_a_wrong_guess_never_hands_over_another_users_entry(teacher, colleague):
    _logged_in(colleague).get(MY_COURSES)  # her entry is in the cache
    client = _logged_in(teacher)
    client.get(MY_COURSES)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    sessions._user_of_session[session_key] = str(colleague.pk)
    response, reads = _reads(client)
    assert response.wsgi_request.user == teacher
    # The colleague's entry was read with the session, but the user came on her own.
    assert reads[0] == (
        "get_many",
        sorted([SESSION_PREFIX + session_key, f"auth-user:{colleague.pk}"]),
    )
    assert reads[1] == ("get", [f"auth-user:{teacher.pk}"])
    assert sessions._user_of_session[session_key] == str(teacher.pk)


def test_a_logged_out_session_key_stays_logged_out(teacher):
    client = _logged_in(teacher)
    client.get(MY_COURSES)
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("account_logout"))
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = old_key
    response = stale.get(MY_COURSES)
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated
    assert old_key not in sessions._user_of_session


def test_the_handed_over_entry_lives_for_one_request_only(teacher):
    user_cache.hand_over(teacher.pk, "entry of an earlier request")
    request_finished.send(sender=None)
    assert user_cache._take_handed(teacher.pk) == (False, None)
    user_cache.hand_over(teacher.pk, "entry")
    assert user_cache._take_handed(teacher.pk) == (True, "entry")
    assert user_cache._take_handed(teacher.pk) == (False, None)  # used once


def test_without_the_cache_server_the_session_comes_from_the_database(teacher):
    client = _logged_in(teacher)
    client.get(MY_COURSES)
    backend = caches["default"]
    with (
        mock.patch.object(backend, "get_many", side_effect=ConnectionError),
        mock.patch.object(backend, "get", side_effect=ConnectionError),
    ):
        response = client.get(MY_COURSES)
    assert response.wsgi_request.user == teacher


def test_the_remembered_sessions_are_bounded(monkeypatch):
    monkeypatch.setattr(sessions, "LIMIT", 4)
    sessions.forget_all()
    for n in range(5):
        sessions._remember(f"key{n}", n)
    assert len(sessions._user_of_session) <= 4
    assert sessions._user_of_session["key4"] == "4"
    sessions._remember("key4", None)
    assert "key4" not in sessions._user_of_session
