"""Choices of the helpdesk, shared by tickets, canned replies, help articles."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ACTIVE_STATUSES", "TicketCategory", "TicketPriority", "TicketStatus"]


class TicketCategory(models.TextChoices):
    DISPLAY = "display", _("Display broken")
    HARDWARE = "hardware", _("Other hardware damage")
    CHARGING = "charging", _("Does not charge")
    APP = "app", _("App missing or not working")
    WLAN = "wlan", _("WLAN")
    ISERV = "iserv", _("iServ account")
    PROFILE = "profile", _("Configuration profile")
    LOST = "lost", _("Lost or stolen")
    LOAN = "loan", _("Loan question")
    OTHER = "other", _("Other")


class TicketPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class TicketStatus(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting for school")
    IN_REPAIR = "in_repair", _("In repair")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


#: Statuses in which the IT service still owes the school something.
ACTIVE_STATUSES = (
    TicketStatus.NEW,
    TicketStatus.OPEN,
    TicketStatus.WAITING,
    TicketStatus.IN_REPAIR,
)
