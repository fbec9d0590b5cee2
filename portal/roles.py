"""The portal's roles: Django groups whose permissions are declared in code.

Each app declares what its roles may do in its AppConfig as `role_permissions`, a
mapping of role name to "app_label.codename" strings. After every `migrate` the
groups are brought in line with those declarations, so a role never depends on a
hand-edited database. The groups themselves are created by a data migration of
`portal.accounts`.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.utils.translation import gettext_lazy as _

TEACHER = "Teacher"
COORDINATOR = "School IT coordinator"
TRAINER = "Trainer"
AGENT = "Support agent"
ADMINISTRATOR = "Administrator"

ALL_ROLES = (TEACHER, COORDINATOR, TRAINER, AGENT, ADMINISTRATOR)
ROLE_LABELS = {
    TEACHER: _("Teacher"),
    COORDINATOR: _("School IT coordinator"),
    TRAINER: _("Trainer"),
    AGENT: _("Support agent"),
    ADMINISTRATOR: _("Administrator"),
}
#: Roles that work in the CMS admin and therefore must use two-factor login.
STAFF_ROLES = frozenset({TRAINER, AGENT, ADMINISTRATOR})


def declared_role_permissions() -> dict[str, set[str]]:
    """Collect `role_permissions` from every installed app config."""
    declared: dict[str, set[str]] = {role: set() for role in ALL_ROLES}
    for config in global_apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            declared[role].update(perms)
    return declared


def sync_role_permissions(sender: Any = None, **kwargs: Any) -> None:
    """Give every role group exactly the permissions the apps declare."""
    from django.contrib.auth.models import Group, Permission

    using = kwargs.get("using", "default")
    for role, perms in declared_role_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for perm in sorted(perms):
            app_label, codename = perm.split(".", 1)
            wanted.extend(
                Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)
