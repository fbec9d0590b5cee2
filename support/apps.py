from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal import roles


def _perms(model: str, *actions: str) -> set[str]:
    return {f"support.{action}_{model}" for action in actions}


# Inventory. Coordinators get no model permissions: they work on the front-end
# school pages, where `support.permissions` limits them to their own school.
# Loans are recorded on those pages (agents too); the admin only reads them.
INVENTORY_AGENT_PERMS = (
    _perms("device", "add", "change", "view")
    | _perms("configurationprofile", "add", "view")
    | _perms("deliverybatch", "add", "change", "view")
    | _perms("batchallocation", "add", "change", "delete", "view")
    | _perms("loan", "view")
)
INVENTORY_ADMIN_PERMS = (
    INVENTORY_AGENT_PERMS
    | _perms("device", "delete")
    | _perms("deliverybatch", "delete")
)

# Helpdesk permissions are added below by the helpdesk work.
HELPDESK_AGENT_PERMS: set[str] = set()
HELPDESK_ADMIN_PERMS: set[str] = set()


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support")
    role_permissions = {
        roles.AGENT: INVENTORY_AGENT_PERMS | HELPDESK_AGENT_PERMS,
        roles.ADMINISTRATOR: INVENTORY_ADMIN_PERMS | HELPDESK_ADMIN_PERMS,
    }
