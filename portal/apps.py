from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portal import page_routes
        from portal.postgresql import base as postgresql
        from portal.roles import sync_role_permissions

        page_routes.connect_signals()
        postgresql.connect_signals()

        post_migrate.connect(sync_role_permissions, dispatch_uid="portal_sync_roles")
