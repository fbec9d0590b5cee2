"""Forged or misissued ID tokens are refused at the callback.

The provider is a real process; each case switches it to misbehave in one way and
runs the real round trip (authorization, token request, JWKS, userinfo).
"""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount

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


def assert_refused(client, response, caplog, reason: str) -> None:
    assert response.status_code == 401
    assert "Die Anmeldung mit iServ ist fehlgeschlagen" in response.content.decode()
    assert logged_in_user_id(client) is None
    assert not User.objects.filter(email="anna@park.example").exists()
    assert not SocialAccount.objects.exists()
    # Refused for the reason under test, not for some unrelated fault.
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert any(reason in message for message in refusals), refusals


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("bad_signature", "Signature verification failed"),
        ("wrong_aud", "Audience doesn't match"),
        ("expired", "Signature has expired"),
        ("wrong_nonce", "nonce does not match"),
        ("no_nonce", "nonce does not match"),
        ("wrong_iss", "Invalid issuer"),
        ("alg_none", "not signed with an allowed algorithm"),
        ("userinfo_other_sub", "userinfo describes another subject"),
    ],
)
def test_forged_or_misissued_id_token_is_refused(
    client, connection_a, iserv_a, caplog, mode, reason
):
    iserv_a.set_modes(mode)

    response = iserv_login(client, connection_a, "anna")

    assert_refused(client, response, caplog, reason)


def test_the_same_login_succeeds_when_the_provider_behaves(client, connection_a):
    # The control case for the parametrised test above: only the switch differs.
    iserv_login(client, connection_a, "anna")

    assert logged_in_user_id(client) is not None


def test_discovery_naming_another_issuer_is_refused_before_redirect(
    client, connection_a, iserv_a, caplog
):
    iserv_a.set_modes("discovery_wrong_issuer")

    response = start(client, connection_a)

    assert response.status_code == 401
    assert logged_in_user_id(client) is None
    assert "another issuer than configured" in caplog.text


def test_discovery_changed_between_redirect_and_callback_is_refused(
    client, connection_a, iserv_a, caplog
):
    callback = authenticate(authorize_url(start(client, connection_a)), "anna")
    iserv_a.set_modes("discovery_wrong_issuer")

    response = follow_callback(client, callback)

    assert_refused(client, response, caplog, "another issuer than configured")


def test_issuer_not_matching_the_configured_one_is_refused(
    client, connection_a, iserv_a, caplog
):
    # School A's app names an issuer that its server does not claim to be (a typo,
    # or a server that answers for another one): refused before anyone is sent there.
    app = connection_a.app
    app.settings = {**app.settings, "server_url": iserv_a.issuer + "/../other"}
    app.save()

    response = start(client, connection_a)

    assert response.status_code in (401, 404)
    assert logged_in_user_id(client) is None
