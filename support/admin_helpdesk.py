"""Wagtail admin of the helpdesk: canned replies (snippets) and service levels.

The ticket queue itself is a front-end page (`support:queue`), see
`support/views/queue.py` for why.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from support.models import CannedReply, HelpdeskSettings
from support.ticket_panels import tickets_for_device


class CannedReplyViewSet(SnippetViewSet):
    model = CannedReply
    icon = "comment"
    menu_label = _("Canned replies")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["title", "category"]
    list_filter = ["category"]
    search_fields = ["title", "body"]
    panels = [FieldPanel("title"), FieldPanel("category"), FieldPanel("body")]


register_snippet(CannedReplyViewSet)

PRIORITIES = ("low", "normal", "high", "urgent")
HelpdeskSettings.panels = [
    MultiFieldPanel(
        [FieldRowPanel([FieldPanel(f"response_{p}") for p in PRIORITIES])],
        heading=_("First response in working hours"),
    ),
    MultiFieldPanel(
        [FieldRowPanel([FieldPanel(f"resolution_{p}") for p in PRIORITIES])],
        heading=_("Resolution in working hours"),
    ),
    FieldRowPanel(
        [FieldPanel("workday_start"), FieldPanel("workday_end")],
        heading=_("Working day (Monday to Friday)"),
    ),
]
register_setting(HelpdeskSettings, icon="time")


class DeviceTicketsPanel(Component):
    """The latest tickets of a device, on the inventory's device inspect page."""

    template_name = "support/tickets/includes/device_tickets_admin_panel.html"

    def __init__(self, device) -> None:
        self.device = device

    def get_context_data(self, parent_context=None) -> dict:
        return {"device_tickets": tickets_for_device(self.device)}


@hooks.register("support_device_inspect_panels")
def device_tickets_panel(request, device) -> DeviceTicketsPanel:
    return DeviceTicketsPanel(device)
