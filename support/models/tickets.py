"""Helpdesk: tickets (their conversation, attachments and history:
`ticket_records`; canned replies, saved filters and settings: `ticket_tools`).
Writes go through `support.tickets`,
one transactional function per use case; these classes hold the data, the
invariants the database can enforce and the read queries.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import ChoiceLabelsMixin

from .ticket_choices import (
    ACTIVE_STATUSES,
    TicketCategory,
    TicketPriority,
    TicketStatus,
)
from .ticket_records import (
    TicketAttachment,
    TicketEvent,
    TicketMessage,
    attachment_path,  # noqa: F401 - migration 0002 names support.models.tickets'
)
from .ticket_tools import CannedReply, HelpdeskSettings, SavedFilter

__all__ = [
    "CannedReply",
    "HelpdeskSettings",
    "SavedFilter",
    "Ticket",
    "TicketAttachment",
    "TicketCategory",
    "TicketCounter",
    "TicketEvent",
    "TicketMessage",
    "TicketPriority",
    "TicketStatus",
]


class TicketCounter(models.Model):
    """The last ticket number handed out in a year (see `support.references`)."""

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("ticket counter")
        verbose_name_plural = _("ticket counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class TicketQuerySet(models.QuerySet):
    def for_user(self, user) -> TicketQuerySet:
        """Tickets the user may see: all for the IT service, her school's for a
        coordinator, her own (at her school) for a teacher."""
        from portal.permissions import (
            is_coordinator,
            is_school_member,
            sees_all_schools,
        )

        if sees_all_schools(user):
            return self
        if is_coordinator(user):
            return self.filter(school_id=user.school_id)
        if is_school_member(user):
            return self.filter(school_id=user.school_id, reporter=user)
        return self.none()

    def active(self) -> TicketQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def done(self) -> TicketQuerySet:
        """Resolved or closed."""
        return self.exclude(status__in=ACTIVE_STATUSES)

    def overdue(self, now: dt.datetime | None = None) -> TicketQuerySet:
        now = now or timezone.now()
        return self.active().filter(due_at__lt=now)

    def with_priority_rank(self) -> TicketQuerySet:
        """Annotate `priority_rank`: 4 for urgent down to 1 for low."""
        ranks = {"low": 1, "normal": 2, "high": 3, "urgent": 4}
        return self.annotate(
            priority_rank=models.Case(
                *(models.When(priority=p, then=r) for p, r in ranks.items()),
                default=0,
                output_field=models.IntegerField(),
            )
        )

    def for_queue(self) -> TicketQuerySet:
        """The queue's tickets with school and assignee, as the export shows them
        (joining the reporter reads every user); the page reads `queue_rows()`."""
        return self.select_related("school", "assignee")

    def queue_rows(self) -> TicketQuerySet:
        """The plain values of a queue row (`support.ticket_listings`)."""
        return self.values(
            "pk",
            "reference",
            "subject",
            "category",
            "serial",
            "device_id",
            "status",
            "priority",
            "due_at",
            "school__name",
            "school__district",
            "assignee_id",
            "assignee__full_name",
            "assignee__email",
            "assignee__is_anonymised",
        )

    def card_rows(self) -> TicketQuerySet:
        """The plain values of a school's ticket card (`support.ticket_listings`)."""
        return self.values(
            "reference",
            "subject",
            "category",
            "serial",
            "status",
            "due_at",
            "last_activity_at",
            "reporter_id",
            "reporter__full_name",
            "reporter__email",
            "reporter__is_anonymised",
        )

    def cell_counts(self) -> dict[tuple[str, str, str], int]:
        """How many tickets have each (status, priority, category)."""
        rows = (
            self.order_by()
            .values_list("status", "priority", "category")
            .annotate(n=Count("pk"))
        )
        return {
            (status, priority, category): n for status, priority, category, n in rows
        }


def past_due(status: str, due_at: dt.datetime, now: dt.datetime) -> bool:
    """Still owed to the school and past its resolution time."""
    return status in ACTIVE_STATUSES and due_at < now


def badge_modifier(status: str, *, overdue: bool) -> str:
    """CSS modifier of a status badge; for listings that read plain values."""
    if status in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        return "badge--ok"
    if status == TicketStatus.NEW or overdue:
        return "badge--warn"
    return ""


class Ticket(ChoiceLabelsMixin, models.Model):
    """A problem a school reported, worked by the IT service."""

    Category = TicketCategory
    Priority = TicketPriority
    Status = TicketStatus

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        related_name="tickets",
        verbose_name=_("school"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reported_tickets",
        verbose_name=_("reported by"),
    )
    device = models.ForeignKey(
        "support.Device",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("device"),
    )
    serial = models.CharField(
        _("serial number as reported"),
        max_length=40,
        blank=True,
        help_text=_("Kept even when the inventory does not know the device."),
    )
    profile_version = models.ForeignKey(
        "support.ConfigurationProfile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("profile version on the device"),
        help_text=_("The profile the device carried when the ticket was filed."),
    )
    subject = models.CharField(_("subject"), max_length=150)
    category = models.CharField(
        _("category"), max_length=20, choices=TicketCategory.choices
    )
    priority = models.CharField(
        _("priority"),
        max_length=10,
        choices=TicketPriority.choices,
        default=TicketPriority.NORMAL,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TicketStatus.choices,
        default=TicketStatus.NEW,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(_("filed at"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    response_due_at = models.DateTimeField(_("first response due"))
    due_at = models.DateTimeField(_("resolution due"), db_index=True)
    first_response_at = models.DateTimeField(
        _("first response at"), null=True, blank=True
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_tickets",
        verbose_name=_("merged into"),
    )

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["assignee", "status"]),
            # "high priority, new or open, by due time": the queue's usual filter.
            models.Index(
                fields=["priority", "status", "due_at"],
                name="ticket_priority_status_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")),
                name="ticket_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(status=TicketStatus.CLOSED),
                name="ticket_merged_is_closed",
            ),
            models.CheckConstraint(
                condition=~Q(status=TicketStatus.RESOLVED)
                | Q(resolved_at__isnull=False),
                name="ticket_resolved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status == TicketStatus.CLOSED

    @property
    def is_overdue(self) -> bool:
        return past_due(self.status, self.due_at, timezone.now())

    @property
    def status_badge(self) -> str:
        """CSS modifier of the status badge (the label is always shown too)."""
        return badge_modifier(self.status, overdue=self.is_overdue)

    @property
    def serial_unknown(self) -> bool:
        """A serial was given that the inventory does not know."""
        return bool(self.serial) and self.device_id is None
