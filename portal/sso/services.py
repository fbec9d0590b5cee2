"""Domain rules of the iServ login: configuring a school's iServ, granting roles."""

from __future__ import annotations

from allauth.socialaccount.models import SocialApp
from django.db import transaction
from wagtail.log_actions import log

from portal import roles
from portal.accounts.models import User
from portal.schools.models import School
from portal.sso.models import IServConnection
from portal.sso.oidc.tokens import normalise_issuer

#: The roles an iServ decides about; other roles (staff) are never touched by it.
SSO_ROLES = frozenset({roles.TEACHER, roles.COORDINATOR})


def provider_id_for(school: School) -> str:
    """The allauth `provider_id` of a school's iServ app (unique per school)."""
    return f"iserv-{school.school_number}"


@transaction.atomic
def configure_iserv(
    *,
    school: School,
    issuer: str,
    client_id: str,
    client_secret: str | None,
    connection: IServConnection | None = None,
) -> IServConnection:
    """Create or update a school's OpenID Connect app and its connection.

    The app uses PKCE and the issuer as allauth's `server_url`. A blank secret keeps
    the stored one, so an administrator never has to see it again. The connection is
    saved with the other fields as they are set on `connection` (the admin form
    passes its instance).
    """
    app = connection.app if connection and connection.app_id else SocialApp()
    app.provider = "openid_connect"
    app.provider_id = provider_id_for(school)
    app.name = f"iServ {school.name}"[:40]
    app.client_id = client_id.strip()
    if client_secret:
        app.secret = client_secret
    app.settings = {
        **(app.settings or {}),
        "server_url": normalise_issuer(issuer),
        "oauth_pkce_enabled": True,
    }
    app.save()
    connection = connection or IServConnection()
    connection.school = school
    connection.app = app
    connection.save()
    return connection


@transaction.atomic
def sync_sso_roles(
    *, user: User, granted: set[str], connection: IServConnection
) -> bool:
    """Give the user exactly the school roles her iServ groups grant.

    iServ is the source of truth for Teacher and School IT coordinator of its users
    (someone who leaves "Medienkoordination" loses the coordinator role at her next
    login); staff roles are left alone. Returns whether anything changed; a change is
    written to the audit log.
    """
    from django.contrib.auth.models import Group

    wanted = granted & SSO_ROLES
    current = set(user.groups.filter(name__in=SSO_ROLES).values_list("name", flat=True))
    if wanted == current:
        return False
    user.groups.remove(*Group.objects.filter(name__in=current - wanted))
    user.groups.add(*Group.objects.filter(name__in=wanted - current))
    user.__dict__.pop("role_names", None)
    log(
        instance=user,
        action="sso.roles_synced",
        user=user,
        data={
            "school": connection.school_id,
            "added": sorted(wanted - current),
            "removed": sorted(current - wanted),
        },
    )
    return True
