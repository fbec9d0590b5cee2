"""Who may see and do what, answered in one place for every app.

Roles are Django groups (see `portal.roles`). Superusers count as administrators.
Later apps build their own predicates on these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal import roles

if TYPE_CHECKING:
    from portal.schools.models import School


def has_role(user, *role_names: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser and roles.ADMINISTRATOR in role_names:
        return True
    return bool(user.role_names.intersection(role_names))


def is_administrator(user) -> bool:
    return has_role(user, roles.ADMINISTRATOR)


def is_agent(user) -> bool:
    return has_role(user, roles.AGENT)


def is_trainer(user) -> bool:
    return has_role(user, roles.TRAINER)


def is_coordinator(user) -> bool:
    """A school IT coordinator, who acts only for her own school."""
    return has_role(user, roles.COORDINATOR) and bool(user.school_id)


def is_school_member(user) -> bool:
    """A teacher or coordinator attached to a school."""
    return user.is_authenticated and bool(user.school_id) and not user.is_anonymised


def sees_all_schools(user) -> bool:
    """Support agents and administrators see every school's data."""
    return has_role(user, roles.AGENT, roles.ADMINISTRATOR)


def needs_mfa(user) -> bool:
    """Staff who work in the CMS admin must have enrolled two-factor login."""
    return user.is_authenticated and (
        user.is_superuser or bool(user.role_names & roles.STAFF_ROLES)
    )


def can_view_school_internals(user, school: School) -> bool:
    """A school's devices, loans, tickets and profile: its coordinator or IT service."""
    if sees_all_schools(user):
        return True
    return is_coordinator(user) and user.school_id == school.pk


def can_manage_school_devices(user, school: School) -> bool:
    """Record loans and returns: the school's coordinator or the IT service."""
    return can_view_school_internals(user, school)
