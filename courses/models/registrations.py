"""Registrations of teachers for sessions, their history and what hangs on them.

The rules that change these rows live in `courses/booking.py`; the database holds
the invariants it can: one open registration per teacher and session, a place in
the queue for every wait-listed registration, unique certificate codes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import ChoiceLabelsMixin

__all__ = [
    "BookingEvent",
    "CalendarFeed",
    "Registration",
    "RegistrationQuerySet",
    "SessionContingent",
]


class RegistrationQuerySet(models.QuerySet):
    def open(self) -> RegistrationQuerySet:
        """Confirmed or wait-listed: registrations that hold or want a seat."""
        return self.filter(status__in=Registration.OPEN_STATUSES)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting_list(self) -> RegistrationQuerySet:
        """Wait-listed registrations, first come first served."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by(
            "waitlisted_at", "pk"
        )

    def with_session(self) -> RegistrationQuerySet:
        """Everything a listing of registrations shows, in one query."""
        return self.select_related(
            "session__course", "session__trainer", "teacher", "school"
        )


class Registration(ChoiceLabelsMixin, models.Model):
    """A teacher on a session: confirmed, on the waiting list, cancelled, ..."""

    # A record of what happened, written often: Wagtail's reference index ("used
    # by" in the admin) would queue a task for every save, and nobody asks which
    # of these rows refer to a user, session or ticket.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not attend")

    ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED)
    #: Registrations that hold or wait for a seat of a session not yet held.
    OPEN_STATUSES = (Status.CONFIRMED, Status.WAITLISTED)

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
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The teacher's school when she booked; counts for contingents."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    waitlisted_at = models.DateTimeField(
        _("on the waiting list since"),
        null=True,
        blank=True,
        help_text=_("Orders the waiting list: first come, first served."),
    )
    certificate_code = models.CharField(
        _("certificate code"),
        max_length=14,
        blank=True,
        help_text=_("Printed on the certificate of attendance; checked publicly."),
    )
    reminder_sent_at = models.DateTimeField(
        _("reminder sent at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "teacher"],
                condition=Q(status__in=["confirmed", "waitlisted", "attended"]),
                name="registration_one_active_per_session_teacher",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="registration_waitlisted_has_queue_time",
            ),
            models.UniqueConstraint(
                fields=["certificate_code"],
                condition=~Q(certificate_code=""),
                name="registration_certificate_code_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["teacher", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} – {self.session_id} ({self.get_status_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED

    @property
    def is_attended(self) -> bool:
        return self.status == self.Status.ATTENDED


class SessionContingent(models.Model):
    """At most N seats per school until a date; after it the seats are open to all.

    154 schools share 70 courses: a contingent keeps one big school from taking
    every seat of a popular session in the first hour.
    """

    session = models.OneToOneField(
        "courses.CourseSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="contingent",
    )
    seats_per_school = models.PositiveSmallIntegerField(
        _("seats per school"),
        help_text=_("How many seats one school may take before the date below."),
    )
    until = models.DateTimeField(
        _("until"),
        help_text=_("From this moment on the remaining seats are open to all."),
    )

    class Meta:
        verbose_name = _("school contingent")
        verbose_name_plural = _("school contingents")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_per_school__gt=0),
                name="session_contingent_seats_positive",
                violation_error_message=_("A contingent needs at least one seat."),
            )
        ]

    def __str__(self) -> str:
        return str(
            _("%(seats)s seats per school until %(date)s")
            % {
                "seats": self.seats_per_school,
                "date": timezone.localtime(self.until).strftime("%d.%m.%Y %H:%M"),
            }
        )

    def is_in_force(self, now=None) -> bool:
        return (now or timezone.now()) < self.until


class BookingEvent(models.Model):
    """The history of booking: every state change with who did it and when."""

    # A record of what happened, written often: Wagtail's reference index ("used
    # by" in the admin) would queue a task for every save, and nobody asks which
    # of these rows refer to a user, session or ticket.
    wagtail_reference_index_ignore = True

    class Action(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITLISTED = "waitlisted", _("Joined the waiting list")
        PROMOTED = "promoted", _("Moved up from the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        LEFT_WAITLIST = "left_waitlist", _("Left the waiting list")
        MOVED = "moved", _("Moved to another session")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not attend")
        SESSION_CANCELLED = "session_cancelled", _("Session cancelled")
        CAPACITY_CHANGED = "capacity_changed", _("Seats changed")
        MESSAGE_SENT = "message_sent", _("Message to participants")
        REMINDER_SENT = "reminder_sent", _("Reminder sent")

    session = models.ForeignKey(
        "courses.CourseSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="booking_events",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the system did it (for example a reminder)."),
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.created_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A teacher's secret calendar subscription address; a new token revokes the old."""

    # A record of what happened, written often: Wagtail's reference index ("used
    # by" in the admin) would queue a task for every save, and nobody asks which
    # of these rows refer to a user, session or ticket.
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
