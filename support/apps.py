from django.apps import AppConfig
from django.db.models.signals import post_migrate
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

# Helpdesk: tickets are worked on the front-end queue (checked by
# `support.permissions`); in the admin agents manage canned replies and
# administrators the service levels.
HELPDESK_AGENT_PERMS = _perms("cannedreply", "add", "change", "delete", "view")
HELPDESK_ADMIN_PERMS = HELPDESK_AGENT_PERMS | _perms(
    "helpdesksettings", "change", "view"
)


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support")
    role_permissions = {
        roles.AGENT: INVENTORY_AGENT_PERMS | HELPDESK_AGENT_PERMS,
        roles.ADMINISTRATOR: INVENTORY_ADMIN_PERMS | HELPDESK_ADMIN_PERMS,
    }

    def ready(self) -> None:
        from support import (
            device_counts,
            queue_forms,
            saved_filters,
            school_tickets,
            sla,
            ticket_counts,
            ticket_panels,
            ticket_threads,
        )
        from support.help_setup import ensure_help_index

        ticket_counts.connect_signals()
        device_counts.connect_signals()
        queue_forms.connect_signals()
        saved_filters.connect_signals()
        ticket_panels.connect_signals()
        sla.connect_signals()
        ticket_threads.connect_signals()
        school_tickets.connect_signals()

        post_migrate.connect(
            ensure_help_index, sender=self, dispatch_uid="support_help_index"
        )
