"""Reads behind the IT service's ticket view: the device and school panels.

Each panel costs a fixed number of queries, whatever the history of the device
or school. `tickets_for_device` also feeds the tickets panel of the inventory's
device inspect view (template `support/tickets/includes/device_tickets_panel.html`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from support.models import ConfigurationProfile, Device, Loan, Ticket

EARLIER_TICKETS = 10


@dataclass
class DevicePanel:
    device: Device
    current_profile: ConfigurationProfile | None
    open_loan: Loan | None
    earlier_tickets: list[Ticket] = field(default_factory=list)
    other_school: bool = False

    @property
    def profile_outdated(self) -> bool:
        installed = self.device.profile_version
        return bool(self.current_profile) and (
            installed is None or installed.pk != self.current_profile.pk
        )


@dataclass
class SchoolPanel:
    current_profile: ConfigurationProfile | None
    open_tickets: list[Ticket]
    open_count: int


def tickets_for_device(
    device: Device, *, exclude: Ticket | None = None
) -> list[Ticket]:
    """The latest tickets about a device, newest first."""
    tickets = Ticket.objects.filter(device=device).select_related("school")
    if exclude is not None:
        tickets = tickets.exclude(pk=exclude.pk)
    return list(tickets.order_by("-created_at")[:EARLIER_TICKETS])


def device_panel(ticket: Ticket) -> DevicePanel | None:
    if ticket.device_id is None:
        return None
    device = Device.objects.select_related("school", "batch", "profile_version").get(
        pk=ticket.device_id
    )
    return DevicePanel(
        device=device,
        current_profile=ConfigurationProfile.objects.filter(
            school_id=device.school_id, is_current=True
        ).first(),
        open_loan=device.loans.open().select_related("teacher").first(),
        earlier_tickets=tickets_for_device(device, exclude=ticket),
        other_school=device.school_id != ticket.school_id,
    )


def school_panel(ticket: Ticket) -> SchoolPanel:
    open_tickets = (
        Ticket.objects.filter(school_id=ticket.school_id)
        .active()
        .exclude(pk=ticket.pk)
        .order_by("due_at")
    )
    return SchoolPanel(
        current_profile=ConfigurationProfile.objects.filter(
            school_id=ticket.school_id, is_current=True
        ).first(),
        open_tickets=list(open_tickets[:EARLIER_TICKETS]),
        open_count=open_tickets.count(),
    )
