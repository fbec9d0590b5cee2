"""Reading groups and roles out of iServ's claims, and mapping them to portal roles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from portal.sso.models import IServConnection, RoleMapping

#: Keys under which a group or role object names itself (iServ and others).
_NAME_KEYS = ("name", "act", "id", "displayName", "display_name", "uuid")


def claims_of(extra_data: dict[str, Any]) -> dict[str, Any]:
    """One dict of claims: the ID token's, overlaid by userinfo's (same subject)."""
    return {**extra_data.get("id_token", {}), **extra_data.get("userinfo", {})}


def names_in(value: Any) -> set[str]:
    """Lower-cased names in a claim value.

    Accepts the shapes providers use: a list of names, a list of objects
    (`{"name": "Lehrer", "act": "lehrer"}`), a mapping of id to name or object, or
    one comma-separated string.
    """
    if value is None:
        return set()
    items: Iterable[Any]
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple | set):
        items = value
    else:
        items = [value]
    names: set[str] = set()
    for item in items:
        if isinstance(item, dict):
            names.update(
                str(item[k]).strip().lower() for k in _NAME_KEYS if item.get(k)
            )
        elif isinstance(item, str | int):
            names.add(str(item).strip().lower())
    names.discard("")
    return names


def roles_for_claims(
    *, connection: IServConnection, claims: dict[str, Any]
) -> set[str]:
    """Portal role names the claims grant under this school's mapping table."""
    seen = {
        RoleMapping.Kind.GROUP: names_in(claims.get(connection.groups_claim)),
        RoleMapping.Kind.ROLE: names_in(claims.get(connection.roles_claim))
        if connection.roles_claim
        else set(),
    }
    return {
        mapping.role
        for mapping in connection.role_mappings.all()
        if mapping.name.strip().lower() in seen[mapping.kind]
    }
