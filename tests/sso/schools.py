"""Configure a school's iServ in the portal and at its (test) provider."""

from __future__ import annotations

from portal import roles
from portal.sso.models import RoleMapping
from portal.sso.services import configure_iserv


def connect_school(provider, school, *, client_id: str, base_url: str):
    """Register the portal at the provider and configure the school's iServ."""
    secret = f"secret-of-{client_id}"
    callback = f"{base_url}/konto/oidc/iserv-{school.school_number}/login/callback/"
    provider.add_client(client_id=client_id, secret=secret, redirect_uris=[callback])
    connection = configure_iserv(
        school=school, issuer=provider.issuer, client_id=client_id, client_secret=secret
    )
    RoleMapping.objects.create(
        connection=connection,
        kind=RoleMapping.Kind.GROUP,
        name="Lehrer",
        role=roles.TEACHER,
    )
    RoleMapping.objects.create(
        connection=connection,
        kind=RoleMapping.Kind.GROUP,
        name="medienkoordination",
        role=roles.COORDINATOR,
    )
    return connection
