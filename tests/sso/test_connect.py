"""A logged-in teacher links her own school's iServ; other schools' are refused."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from tests.sso.flow import authenticate, authorize_url, follow_callback

pytestmark = pytest.mark.django_db


def test_signup_page_offers_the_school_choice_not_a_button_per_school(
    client, connection_a, connection_b
):
    body = client.get(reverse("account_signup")).content.decode()

    assert body.count("Weiter zu iServ") == 1
    assert "/konto/oidc/" not in body


def test_connections_page_offers_only_her_own_schools_iserv(
    client, teacher, connection_a, connection_b
):
    client.force_login(teacher)

    body = client.get(reverse("socialaccount_connections")).content.decode()

    assert "iServ der Schule Grundschule Am Park" in body
    assert "Gymnasium Nord" not in body


def test_teacher_links_her_schools_iserv_while_logged_in(client, teacher, connection_a):
    client.force_login(teacher)

    response = client.post(reverse("sso:connect"))
    callback = follow_callback(client, authenticate(authorize_url(response), "lea"))

    assert callback.status_code == 302
    account = SocialAccount.objects.get()
    assert (account.user, account.provider) == (teacher, "iserv-100001")


def test_linking_another_schools_iserv_is_refused(
    client, teacher, connection_a, connection_b
):
    client.force_login(teacher)
    # Straight to allauth's login URL of school B, bypassing the portal's choice.
    start = client.post("/konto/oidc/iserv-100002/login/?process=connect")
    assert start.status_code == 302

    callback = follow_callback(client, authenticate(start["Location"], "bert"))

    assert callback.status_code == 403
    assert "gehört zu einer anderen Schule" in callback.content.decode()
    assert not SocialAccount.objects.exists()


def test_connect_needs_a_login_and_a_school_with_iserv(client, agent, connection_a):
    assert client.post(reverse("sso:connect")).status_code == 302  # to the login
    client.force_login(agent)  # staff belong to no school

    assert client.post(reverse("sso:connect")).status_code == 404
