"""Reads behind the IT service's ticket view: the device and school panels.

Each panel costs a fixed number of queries, whatever the history of the device
or school. `tickets_for_device` also feeds the tickets panel of the inventory's
device inspect view (template `support/tickets/includes/device_tickets_panel.html`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Window

from portal.derived import Generation, cached_across, on_save_or_delete
from portal.markup import paths
from support import school_tickets
from support.models import ConfigurationProfile, Device, Loan, Ticket
from support.models.ticket_choices import ACTIVE_STATUSES

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


class OtherTicket(NamedTuple):
    pk: int
    reference: str
    subject: str
    url: str


@dataclass
class SchoolPanel:
    current_profile: ConfigurationProfile | None
    open_tickets: list[OtherTicket]
    open_count: int


def tickets_for_device(
    device: Device, *, exclude: Ticket | None = None
) -> list[Ticket]:
    """The latest tickets about a device, newest first."""
    tickets = Ticket.objects.filter(device=device).only(
        "reference", "subject", "status", "created_at"
    )
    if exclude is not None:
        tickets = tickets.exclude(pk=exclude.pk)
    return list(tickets.order_by("-created_at")[:EARLIER_TICKETS])


#: The schools' current profiles, kept until a profile version is saved or deleted.
PROFILES = Generation("support:current-profiles")


def _current_profile(school_id: int) -> ConfigurationProfile | None:
    return cached_across(
        *PROFILES.kept(f"school:{school_id}"),
        lambda: ConfigurationProfile.objects.filter(
            school_id=school_id, is_current=True
        ).first(),
    )


def connect_signals() -> None:
    on_save_or_delete(PROFILES.forget, ConfigurationProfile, uid="current-profiles")


#: `device_panel`'s school profile when the caller has not read it.
UNREAD = object()


def device_panel(ticket: Ticket, *, school_profile=UNREAD) -> DevicePanel | None:
    """`school_profile`: the current profile of the ticket's school (or None),
    if read already; it is the device's too when the device belongs to that
    school."""
    if ticket.device_id is None:
        return None
    device = Device.objects.select_related("school", "batch", "profile_version").get(
        pk=ticket.device_id
    )
    same_school = device.school_id == ticket.school_id
    return DevicePanel(
        device=device,
        current_profile=school_profile
        if same_school and school_profile is not UNREAD
        else _current_profile(device.school_id),
        open_loan=device.loans.open().select_related("teacher").first(),
        earlier_tickets=tickets_for_device(device, exclude=ticket),
        other_school=not same_school,
    )


def _open_tickets(school_id: int) -> tuple[list[tuple], int]:
    """The school's open tickets soonest due first (one more than a panel
    shows, as the panel leaves out its own ticket) as plain tuples, quick to
    keep and read back, and how many there are."""
    rows = list(
        Ticket.objects.filter(school_id=school_id)
        .active()
        .annotate(total=Window(Count("pk")))
        .order_by("due_at", "pk")
        .values_list("pk", "reference", "subject", "total")[: EARLIER_TICKETS + 1]
    )
    return [row[:3] for row in rows], rows[0][3] if rows else 0


def _kept_open_tickets(school_id: int):
    return school_tickets.of_school(school_id).kept("open-tickets")


def kept_panels(ticket: Ticket) -> list:
    """What `school_panel` and `device_panel` read from the cache
    (`portal.derived.read_together`; a device of another school reads its
    school's profile on its own)."""
    return [
        PROFILES.kept(f"school:{ticket.school_id}"),
        _kept_open_tickets(ticket.school_id),
    ]


def school_panel(ticket: Ticket) -> SchoolPanel:
    """The school's current profile and its other open tickets, soonest due
    first, with how many there are. The open tickets are kept per school until
    one of its tickets changes (`support.school_tickets`)."""
    first, total = cached_across(
        *_kept_open_tickets(ticket.school_id),
        lambda: _open_tickets(ticket.school_id),
    )
    url = paths("support:queue_ticket", "REFERENCE")
    others = [OtherTicket(*row, url(row[1])) for row in first if row[0] != ticket.pk]
    return SchoolPanel(
        current_profile=_current_profile(ticket.school_id),
        open_tickets=others[:EARLIER_TICKETS],
        open_count=total - 1 if ticket.status in ACTIVE_STATUSES else total,
    )
