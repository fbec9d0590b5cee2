"""Registrations of teachers for sessions (owned by the booking work)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["Registration"]


class Registration(models.Model):
    """A teacher on a session: confirmed, on the waiting list, cancelled, ..."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not attend")

    ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED)

    session = models.ForeignKey(
        "courses.CourseSession",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "teacher"],
                condition=Q(status__in=["confirmed", "waitlisted", "attended"]),
                name="registration_one_active_per_session_teacher",
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher} – {self.session_id} ({self.get_status_display()})"
