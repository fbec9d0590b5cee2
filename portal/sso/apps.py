from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal import roles


class SsoConfig(AppConfig):
    """Log-in with the schools' iServ servers (OpenID Connect, one app per school)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal.sso"
    label = "sso"
    verbose_name = _("iServ login")
    # Only administrators configure a school's iServ: it decides who gets in.
    role_permissions = {
        roles.ADMINISTRATOR: {
            "sso.add_iservconnection",
            "sso.change_iservconnection",
            "sso.delete_iservconnection",
            "sso.view_iservconnection",
        },
    }
