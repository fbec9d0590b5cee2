"""The iServ login end to end: Django's test client against two real providers."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from portal import roles
from portal.accounts.models import User
from tests.sso.flow import (
    authenticate,
    authorize_url,
    follow_callback,
    iserv_login,
    logged_in_user_id,
    start,
)

pytestmark = pytest.mark.django_db


def test_first_login_creates_teacher_of_the_issuers_school(
    client, connection_a, iserv_a, school
):
    response = iserv_login(client, connection_a, "anna")

    assert response.status_code == 302
    anna = User.objects.get(email="anna@park.example")
    assert logged_in_user_id(client) == str(anna.pk)
    assert anna.school == school
    assert anna.full_name == "Anna Alt"
    assert anna.role_names == {roles.TEACHER}
    assert not anna.has_usable_password()
    assert EmailAddress.objects.get(user=anna).verified
    account = SocialAccount.objects.get(user=anna)
    assert (account.provider, account.uid) == ("iserv-100001", "u-1001")


def test_authorization_request_uses_pkce_and_a_nonce(client, connection_a, iserv_a):
    response = start(client, connection_a)

    authorize = authorize_url(response)
    assert authorize.startswith(f"{iserv_a.issuer}/authorize?")
    authenticate(authorize, "anna")
    request = iserv_a.authorize_requests()[-1]
    assert request["code_challenge_method"] == "S256"
    assert len(request["code_challenge"]) >= 43
    assert len(request["nonce"]) >= 32
    assert set(request["scope"].split()) >= {"openid", "email", "groups", "roles"}


def test_second_login_logs_the_same_user_in(client, connection_a):
    iserv_login(client, connection_a, "anna")
    client.logout()

    response = iserv_login(client, connection_a, "anna")

    assert response.status_code == 302
    assert User.objects.filter(email="anna@park.example").count() == 1
    assert logged_in_user_id(client) == str(
        User.objects.get(email="anna@park.example").pk
    )


def test_coordinator_role_follows_the_iserv_group_at_every_login(
    client, connection_a, iserv_a
):
    iserv_login(client, connection_a, "mona")
    mona = User.objects.get(email="mona@park.example")
    assert mona.role_names == {roles.TEACHER, roles.COORDINATOR}

    iserv_a.add_user(
        username="mona",
        password="iserv-Passwort-1",
        sub="u-1002",
        name="Mona Medien",
        email="mona@park.example",
        email_verified=True,
        groups=["Lehrer"],
    )
    client.logout()
    iserv_login(client, connection_a, "mona")

    mona = User.objects.get(pk=mona.pk)
    assert mona.role_names == {roles.TEACHER}
    from wagtail.models import ModelLogEntry

    actions = ModelLogEntry.objects.filter(object_id=str(mona.pk)).values_list(
        "action", flat=True
    )
    assert list(actions).count("sso.roles_synced") == 2
    iserv_a.add_user(
        username="mona",
        password="iserv-Passwort-1",
        sub="u-1002",
        name="Mona Medien",
        email="mona@park.example",
        email_verified=True,
        groups=["Lehrer", "Medienkoordination"],
    )


def test_school_b_user_lands_in_school_b_even_with_the_same_subject_id(
    client, connection_a, connection_b, school, other_school
):
    iserv_login(client, connection_a, "anna")
    client.logout()

    iserv_login(client, connection_b, "bert")

    bert = User.objects.get(email="bert@nord.example")
    anna = User.objects.get(email="anna@park.example")
    assert bert.school == other_school and anna.school == school
    assert bert.pk != anna.pk
    assert logged_in_user_id(client) == str(bert.pk)
    assert set(SocialAccount.objects.values_list("provider", "uid")) == {
        ("iserv-100001", "u-1001"),
        ("iserv-100002", "u-1001"),
    }


def test_code_from_school_b_is_useless_at_school_a_callback(
    client, connection_a, connection_b, iserv_b
):
    at_a = authorize_url(start(client, connection_a))
    state_a = dict(p.split("=", 1) for p in at_a.split("?", 1)[1].split("&"))["state"]
    # Someone who controls iServ B sends its code to school A's callback.
    from django.test import Client

    code_b = authenticate(authorize_url(start(Client(), connection_b)), "bert")
    code = code_b.split("code=", 1)[1].split("&", 1)[0]

    response = client.get(
        "/konto/oidc/iserv-100001/login/callback/", {"code": code, "state": state_a}
    )

    assert logged_in_user_id(client) is None
    assert not User.objects.filter(email="bert@nord.example").exists()
    assert "Fehler" in response.content.decode() or response.status_code >= 400


def test_school_a_account_can_not_be_taken_over_through_school_b(
    client, connection_b, teacher
):
    # teacher (Lea) belongs to school A; iServ B vouches for her e-mail address.
    response = iserv_login(client, connection_b, "anna")

    assert response.status_code == 403
    assert "gehört zu einer anderen Schule" in response.content.decode()
    assert logged_in_user_id(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.get(pk=teacher.pk).school == teacher.school


def test_callback_can_not_be_replayed(client, connection_a):
    response = start(client, connection_a)
    callback = authenticate(authorize_url(response), "anna")
    follow_callback(client, callback)
    client.logout()

    replay = follow_callback(client, callback)

    assert logged_in_user_id(client) is None
    assert replay.status_code in (200, 400, 401)
    assert "anmelden" in replay.content.decode().lower()
