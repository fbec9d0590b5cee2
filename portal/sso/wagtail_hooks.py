"""Schools' iServ logins in the CMS admin: administrators only (model permissions)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from portal.sso.admin_forms import IServConnectionForm
from portal.sso.models import IServConnection


class IServConnectionViewSet(ModelViewSet):
    model = IServConnection
    icon = "key"
    menu_label = _("iServ logins")
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "iserv-logins"
    list_display = ["school", "enabled", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["school__name", "school__school_number"]
    search_backend_name = None
    ordering = ["school__name"]
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            MultiFieldPanel(
                [
                    FieldPanel("issuer"),
                    FieldPanel("client_id"),
                    FieldPanel("client_secret"),
                ],
                heading=_("OpenID Connect client"),
            ),
            FieldPanel("enabled"),
            MultiFieldPanel(
                [FieldPanel("groups_claim"), FieldPanel("roles_claim")],
                heading=_("Claims"),
            ),
            InlinePanel(
                "role_mappings",
                heading=_("Who gets which role"),
                label=_("Role mapping"),
                min_num=1,
            ),
        ],
        base_form_class=IServConnectionForm,
    )


@hooks.register("register_admin_viewset")
def register_iserv_viewset():
    return IServConnectionViewSet("iserv_logins")


@hooks.register("register_log_actions")
def register_sso_log_actions(actions):
    actions.register_action(
        "sso.roles_synced", _("Roles set from iServ"), _("Roles set from iServ groups")
    )
    actions.register_action(
        "sso.linked", _("iServ login linked"), _("iServ login linked to the account")
    )
