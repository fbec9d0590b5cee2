from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal import roles

SCHOOL_PERMS = {"schools.add_school", "schools.change_school", "schools.view_school"}


class SchoolsConfig(AppConfig):
    name = "portal.schools"
    label = "schools"
    verbose_name = _("Schools")
    role_permissions = {
        roles.AGENT: SCHOOL_PERMS,
        roles.ADMINISTRATOR: SCHOOL_PERMS | {"schools.delete_school"},
    }
