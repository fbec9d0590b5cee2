"""Tools of the IT service around tickets: canned replies, saved queue filters
and the service levels (a Wagtail setting)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting
from wagtail.search import index

from support.sla import WorkingDay

from .ticket_choices import TicketCategory, TicketPriority

__all__ = ["CannedReply", "HelpdeskSettings", "SavedFilter"]


class CannedReply(index.Indexed, models.Model):
    """A prepared answer the IT service inserts into a reply and adapts."""

    title = models.CharField(_("title"), max_length=120, unique=True)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=TicketCategory.choices,
        blank=True,
        help_text=_("Offered first for tickets of this category; empty for all."),
    )
    body = models.TextField(
        _("text"), help_text=_("Plain text; the agent can change it before sending.")
    )

    search_fields = [index.SearchField("title"), index.SearchField("body")]

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SavedFilter(models.Model):
    """A named queue filter of one agent (the query string of the queue page)."""

    # A record of what happened, written often: Wagtail's reference index ("used
    # by" in the admin) would queue a task for every save, and nobody asks which
    # of these rows refer to a user, session or ticket.
    wagtail_reference_index_ignore = True

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_ticket_filters",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filter"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"], name="savedfilter_unique_name_per_owner"
            )
        ]

    def __str__(self) -> str:
        return self.name


def _hours_field(label, default: int):
    return models.PositiveIntegerField(label, default=default)


class HelpdeskSettings(BaseGenericSetting):
    """Service levels in working hours per priority, and the working day."""

    response_low = _hours_field(_("first response, low (hours)"), 16)
    response_normal = _hours_field(_("first response, normal (hours)"), 8)
    response_high = _hours_field(_("first response, high (hours)"), 4)
    response_urgent = _hours_field(_("first response, urgent (hours)"), 1)
    resolution_low = _hours_field(_("resolution, low (hours)"), 80)
    resolution_normal = _hours_field(_("resolution, normal (hours)"), 40)
    resolution_high = _hours_field(_("resolution, high (hours)"), 16)
    resolution_urgent = _hours_field(_("resolution, urgent (hours)"), 8)
    workday_start = models.TimeField(_("working day starts"), default=dt.time(8, 0))
    workday_end = models.TimeField(_("working day ends"), default=dt.time(16, 0))

    class Meta:
        verbose_name = _("helpdesk service levels")
        constraints = [
            models.CheckConstraint(
                condition=Q(workday_end__gt=models.F("workday_start")),
                name="helpdesk_workday_ends_after_start",
            )
        ]

    @property
    def working_day(self) -> WorkingDay:
        return WorkingDay(start=self.workday_start, end=self.workday_end)

    def hours_for(self, priority: str) -> tuple[int, int]:
        """(first response, resolution) working hours of a priority."""
        priority = TicketPriority(priority).value
        return (
            getattr(self, f"response_{priority}"),
            getattr(self, f"resolution_{priority}"),
        )
