"""What happened on a ticket: its conversation (public replies and internal
notes), the files attached to them and the recorded changes. Written by
`support.tickets` only, read by the ticket pages (`support.ticket_listings`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .ticket_choices import TicketCategory, TicketPriority, TicketStatus

__all__ = ["TicketAttachment", "TicketEvent", "TicketMessage", "attachment_path"]


class TicketMessage(models.Model):
    """One entry of a ticket's conversation: a public reply or an internal note."""

    # A record of what happened, written often: Wagtail's reference index ("used
    # by" in the admin) would queue a task for every save, and nobody asks which
    # of these rows refer to a user, session or ticket.
    wagtail_reference_index_ignore = True

    ticket = models.ForeignKey(
        "support.Ticket",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("ticket"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ticket_messages",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"))
    is_internal = models.BooleanField(
        _("internal note"),
        default=False,
        help_text=_("Internal notes are seen by the IT service only."),
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    merged_from = models.CharField(
        _("moved from ticket"),
        max_length=20,
        blank=True,
        help_text=_("Reference of the merged ticket this message came from."),
    )

    class Meta:
        verbose_name = _("ticket message")
        verbose_name_plural = _("ticket messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["ticket", "created_at"])]

    def __str__(self) -> str:
        return f"{self.ticket_id} #{self.pk}"


def attachment_path(instance: TicketAttachment, filename: str) -> str:
    """A random name outside any public URL; the display name is kept apart."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"helpdesk/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class TicketAttachment(models.Model):
    """A checked file attached to a message (see `support.attachments`)."""

    # A record of what happened, written often: Wagtail's reference index ("used
    # by" in the admin) would queue a task for every save, and nobody asks which
    # of these rows refer to a user, session or ticket.
    wagtail_reference_index_ignore = True

    ticket = models.ForeignKey(
        "support.Ticket",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("ticket"),
    )
    message = models.ForeignKey(
        TicketMessage,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("message"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class TicketEvent(models.Model):
    """One recorded change of a ticket: who, when, what from and to."""

    # A record of what happened, written often: Wagtail's reference index ("used
    # by" in the admin) would queue a task for every save, and nobody asks which
    # of these rows refer to a user, session or ticket.
    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        CREATED = "created", _("Filed")
        STATUS = "status", _("Status changed")
        PRIORITY = "priority", _("Priority changed")
        ASSIGNEE = "assignee", _("Assignee changed")
        DEVICE = "device", _("Device changed")
        CATEGORY = "category", _("Category changed")
        REOPENED = "reopened", _("Reopened by the school")
        MERGED = "merged", _("Merged")
        AUTO_CLOSED = "auto_closed", _("Closed automatically")
        LOST_CONFIRMED = "lost_confirmed", _("Loss confirmed")

    ticket = models.ForeignKey(
        "support.Ticket",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("ticket"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty for changes made by the system (automatic closing)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    old_value = models.CharField(_("before"), max_length=200, blank=True)
    new_value = models.CharField(_("after"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["ticket", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.old_value} → {self.new_value}"

    def _label(self, value: str) -> str:
        labels = {
            self.Kind.STATUS: TicketStatus,
            self.Kind.REOPENED: TicketStatus,
            self.Kind.AUTO_CLOSED: TicketStatus,
            self.Kind.PRIORITY: TicketPriority,
            self.Kind.CATEGORY: TicketCategory,
        }.get(self.kind)
        if labels is not None and value in labels.values:
            return str(labels(value).label)
        return value

    @property
    def old_display(self) -> str:
        return self._label(self.old_value)

    @property
    def new_display(self) -> str:
        return self._label(self.new_value)
