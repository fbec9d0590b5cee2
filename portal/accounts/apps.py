from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal import roles


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    role_permissions = {
        roles.TRAINER: {"wagtailadmin.access_admin"},
        roles.AGENT: {"wagtailadmin.access_admin"},
        roles.ADMINISTRATOR: {
            "wagtailadmin.access_admin",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.delete_user",
            "accounts.view_user",
            "auth.view_group",
            "auth.change_group",
        },
    }

    def ready(self) -> None:
        from portal.accounts import shown_names, user_cache

        user_cache.connect_signals()
        shown_names.connect_signals()
