"""Unit tests: reading groups from claims, mapping them, syncing the roles."""

from __future__ import annotations

import pytest
from wagtail.models import ModelLogEntry

from portal import roles
from portal.sso.claims import claims_of, names_in, roles_for_claims
from portal.sso.models import RoleMapping
from portal.sso.services import configure_iserv, sync_sso_roles
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["Lehrer", "Klasse 3b"], {"lehrer", "klasse 3b"}),
        ([{"name": "Lehrer", "act": "lehrer.gs"}], {"lehrer", "lehrer.gs"}),
        ({"17": "Medienkoordination"}, {"17", "medienkoordination"}),
        ("Lehrer, Medienkoordination", {"lehrer", "medienkoordination"}),
        (None, set()),
        ([None, "", 3], {"3"}),
    ],
)
def test_names_in_understands_the_shapes_providers_send(value, expected):
    assert names_in(value) == expected


def test_userinfo_overrides_id_token_claims():
    data = {"id_token": {"sub": "1", "groups": ["A"]}, "userinfo": {"groups": ["B"]}}

    assert claims_of(data) == {"sub": "1", "groups": ["B"]}


@pytest.fixture
def connection(school):
    connection = configure_iserv(
        school=school,
        issuer="https://park.example/iserv/",
        client_id="c1",
        client_secret="s1",
    )
    RoleMapping.objects.create(
        connection=connection,
        kind=RoleMapping.Kind.GROUP,
        name="Lehrer",
        role=roles.TEACHER,
    )
    RoleMapping.objects.create(
        connection=connection,
        kind=RoleMapping.Kind.ROLE,
        name="ROLE_MEDIEN",
        role=roles.COORDINATOR,
    )
    return connection


def test_configure_iserv_stores_issuer_client_and_pkce_in_a_social_app(connection):
    app = connection.app
    assert app.provider == "openid_connect"
    assert app.provider_id == "iserv-100001"
    assert (app.client_id, app.secret) == ("c1", "s1")
    assert app.settings == {
        "server_url": "https://park.example/iserv",
        "oauth_pkce_enabled": True,
    }


def test_blank_secret_keeps_the_stored_one(connection):
    configure_iserv(
        school=connection.school,
        issuer="https://park.example/iserv",
        client_id="c2",
        client_secret="",
        connection=connection,
    )

    connection.app.refresh_from_db()
    assert (connection.app.client_id, connection.app.secret) == ("c2", "s1")


def test_mapping_uses_the_configured_claim_names(connection):
    claims = {"gruppen": ["lehrer"], "rollen": ["role_medien"], "groups": []}
    assert roles_for_claims(connection=connection, claims=claims) == set()

    connection.groups_claim, connection.roles_claim = "gruppen", "rollen"

    assert roles_for_claims(connection=connection, claims=claims) == {
        roles.TEACHER,
        roles.COORDINATOR,
    }


def test_groups_and_roles_are_not_confused(connection):
    # A group called like a mapped role grants nothing.
    claims = {"groups": ["ROLE_MEDIEN"], "roles": ["Lehrer"]}

    assert roles_for_claims(connection=connection, claims=claims) == set()


def test_sync_sets_school_roles_leaves_staff_roles_and_logs(connection):
    user = UserFactory(roles=[roles.COORDINATOR, roles.TRAINER])

    changed = sync_sso_roles(user=user, granted={roles.TEACHER}, connection=connection)

    assert changed
    assert set(user.groups.values_list("name", flat=True)) == {
        roles.TEACHER,
        roles.TRAINER,
    }
    entry = ModelLogEntry.objects.get(action="sso.roles_synced")
    assert entry.data["added"] == [roles.TEACHER]
    assert entry.data["removed"] == [roles.COORDINATOR]
    assert not sync_sso_roles(user=user, granted={roles.TEACHER}, connection=connection)
    assert ModelLogEntry.objects.filter(action="sso.roles_synced").count() == 1


def test_a_mapping_can_only_grant_school_roles(connection):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleMapping.objects.create(
            connection=connection, name="Verwaltung", role=roles.ADMINISTRATOR
        )


def test_the_same_group_is_mapped_once_per_role(connection):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleMapping.objects.create(
            connection=connection, name="LEHRER", role=roles.TEACHER
        )
