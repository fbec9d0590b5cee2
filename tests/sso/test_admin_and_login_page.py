"""Administrators configure schools' iServ in the CMS; teachers choose it at login."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialApp
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal import roles
from portal.sso.models import IServConnection
from portal.sso.services import configure_iserv
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def form_data(school, **overrides):
    data = {
        "school": school.pk,
        "issuer": "https://park.example/iserv/",  # replaced by a live provider
        "client_id": "client-park",
        "client_secret": "s3cret",
        "enabled": "on",
        "groups_claim": "groups",
        "roles_claim": "roles",
        "role_mappings-TOTAL_FORMS": "1",
        "role_mappings-INITIAL_FORMS": "0",
        "role_mappings-MIN_NUM_FORMS": "1",
        "role_mappings-MAX_NUM_FORMS": "1000",
        "role_mappings-0-kind": "group",
        "role_mappings-0-name": "Lehrer",
        "role_mappings-0-role": roles.TEACHER,
        "role_mappings-0-id": "",
        "role_mappings-0-ORDER": "1",
        "role_mappings-0-DELETE": "",
    }
    data.update(overrides)
    return data


def test_administrator_adds_a_schools_iserv_in_the_cms(client, admin, school, iserv_a):
    client.force_login(admin)

    response = client.post(
        reverse("iserv_logins:add"), form_data(school, issuer=iserv_a.issuer + "/")
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    connection = IServConnection.objects.get(school=school)
    assert connection.app.settings["server_url"] == iserv_a.issuer
    assert connection.app.settings["oauth_pkce_enabled"] is True
    assert connection.app.secret == "s3cret"
    assert [(m.name, m.role) for m in connection.role_mappings.all()] == [
        ("Lehrer", roles.TEACHER)
    ]
    assert ModelLogEntry.objects.filter(
        action="wagtail.create", object_id=str(connection.pk)
    ).exists()


def test_admin_form_refuses_plain_http_and_a_client_id_in_use(
    client, admin, school, other_school
):
    configure_iserv(
        school=other_school,
        issuer="https://nord.example/iserv",
        client_id="client-park",
        client_secret="x",
    )
    client.force_login(admin)

    response = client.post(
        reverse("iserv_logins:add"),
        form_data(school, issuer="http://park.example/iserv"),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "muss eine https://-Adresse sein" in body
    assert "verwendet diese Client-ID bereits" in body
    assert not IServConnection.objects.filter(school=school).exists()


def test_editing_without_secret_keeps_it_and_deleting_removes_the_app(
    client, admin, school, iserv_a
):
    connection = configure_iserv(
        school=school,
        issuer="https://park.example/iserv",
        client_id="client-park",
        client_secret="s3cret",
    )
    client.force_login(admin)
    edit = reverse("iserv_logins:edit", args=[connection.pk])
    assert "s3cret" not in client.get(edit).content.decode()

    response = client.post(
        edit,
        form_data(
            school, client_secret="", client_id="n", issuer=iserv_a.issuer, enabled=""
        ),
    )

    assert response.status_code == 302
    connection.app.refresh_from_db()
    assert (connection.app.client_id, connection.app.secret) == ("n", "s3cret")
    client.post(reverse("iserv_logins:delete", args=[connection.pk]))
    assert not IServConnection.objects.exists()
    assert not SocialApp.objects.exists()


@pytest.mark.parametrize("who", ["agent", "trainer", "coordinator"])
def test_only_administrators_manage_iserv_logins(client, request, who, school):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("iserv_logins:index"))

    assert response.status_code in (302, 403)
    assert client.post(reverse("iserv_logins:add"), form_data(school)).status_code in (
        302,
        403,
    )
    assert not IServConnection.objects.exists()


@pytest.fixture
def connections(school, other_school):
    configure_iserv(
        school=school,
        issuer="https://127.0.0.2:9/iserv",
        client_id="c-park",
        client_secret="x",
    )
    other_school.iserv_url = "https://gym-nord.example/"
    other_school.save()
    configure_iserv(
        school=other_school,
        issuer="https://127.0.0.3:9/iserv/oauth",
        client_id="c-nord",
        client_secret="x",
    )


def test_login_page_offers_iserv_with_the_configured_schools(client, connections):
    body = client.get(reverse("account_login")).content.decode()

    assert "Mit iServ anmelden" in body
    assert "Grundschule Am Park" in body and "Gymnasium Nord" in body
    assert "Mit E-Mail-Adresse und Passwort anmelden" in body


def test_login_page_without_iserv_schools_shows_only_password_login(client, db):
    SchoolFactory()

    body = client.get(reverse("account_login")).content.decode()

    assert "Mit iServ anmelden" not in body


def test_login_page_queries_do_not_grow_with_schools(
    client, connections, django_assert_max_num_queries
):
    for n in range(20):
        school = SchoolFactory()
        configure_iserv(
            school=school,
            issuer=f"https://s{n}.example/iserv",  # never contacted here
            client_id=f"c{n}",
            client_secret="x",
        )

    with django_assert_max_num_queries(8):
        client.get(reverse("account_login"))


@pytest.mark.parametrize(
    "address",
    ["gym-nord.example", "https://www.gym-nord.example/iserv/", "127.0.0.3:9"],
)
def test_typed_iserv_address_finds_the_school(client, connections, caplog, address):
    response = client.post(reverse("sso:choose"), {"address": address})

    # Nothing answers on that (closed loopback) port, so the portal refuses; but
    # it asked school B's iServ, found by its address or its issuer's host.
    assert response.status_code == 401
    assert "iServ login refused (iserv-100002)" in caplog.text


def test_unknown_address_or_nothing_chosen_says_what_to_do(client, connections):
    unknown = client.post(reverse("sso:choose"), {"address": "irgendwo.example"})
    nothing = client.post(reverse("sso:choose"), {})

    assert unknown.status_code == 400
    assert "Keine Schule mit der iServ-Adresse „irgendwo.example“" in (
        unknown.content.decode()
    )
    assert "Wählen Sie Ihre Schule aus der Liste" in nothing.content.decode()


def test_address_shared_by_two_schools_asks_to_choose_from_the_list(
    client, connections, school
):
    school.iserv_url = "https://gym-nord.example/"
    school.save()

    response = client.post(reverse("sso:choose"), {"address": "gym-nord.example"})

    assert response.status_code == 400
    assert "Mehrere Schulen nutzen diese Adresse" in response.content.decode()


@pytest.mark.parametrize(
    ("mode", "issuer_suffix", "message"),
    [
        ("", "/nothing-here", "nicht mit einer OpenID-Connect-Konfiguration"),
        (
            "discovery_wrong_issuer",
            "",
            "nennt sich selbst „https://evil.example/iserv“",
        ),
    ],
)
def test_admin_form_checks_the_iserv_before_switching_it_on(
    client, admin, school, iserv_a, mode, issuer_suffix, message
):
    iserv_a.set_modes(*([mode] if mode else []))
    client.force_login(admin)

    response = client.post(
        reverse("iserv_logins:add"),
        form_data(school, issuer=iserv_a.issuer + issuer_suffix),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IServConnection.objects.exists()
