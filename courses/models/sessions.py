"""Sessions (dates) of a course: plain rows, never part of a page revision."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import ChoiceLabelsMixin

__all__ = ["CourseSession", "CourseSessionQuerySet"]

#: Booking closes this long before the start unless the trainer says otherwise.
DEFAULT_BOOKING_CLOSES_BEFORE = timedelta(hours=24)
#: Free cancellation ends this long before the start unless set otherwise.
DEFAULT_CANCELLATION_CLOSES_BEFORE = timedelta(hours=48)


class CourseSessionQuerySet(models.QuerySet):
    def upcoming(self) -> CourseSessionQuerySet:
        """Sessions that have not ended yet, earliest first."""
        return self.filter(end__gt=timezone.now()).order_by("start")

    def past(self) -> CourseSessionQuerySet:
        """Sessions that have ended, latest first."""
        return self.filter(end__lte=timezone.now()).order_by("-start")

    def scheduled(self) -> CourseSessionQuerySet:
        return self.filter(state=CourseSession.State.SCHEDULED)

    def with_seat_counts(self) -> CourseSessionQuerySet:
        """Annotate `confirmed_count` and `waitlist_count` from registrations."""
        from courses.models.registrations import Registration

        return self.annotate(
            confirmed_count=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
                distinct=True,
            ),
            waitlist_count=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.WAITLISTED),
                distinct=True,
            ),
        )

    def with_free_seats(self) -> CourseSessionQuerySet:
        """Only sessions with at least one free seat (annotates seat counts)."""
        return self.with_seat_counts().filter(confirmed_count__lt=models.F("capacity"))

    def for_trainer(self, user) -> CourseSessionQuerySet:
        """Sessions of the courses the user is named trainer on."""
        return self.filter(course__trainers=user).distinct()


class CourseSession(ChoiceLabelsMixin, models.Model):
    """A date of a course with its seats, online meeting and deadlines."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(
        _("seats"), default=20, help_text=_("How many teachers can take part.")
    )
    meeting_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Shown to confirmed participants only, never on public pages."),
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trained_sessions",
    )
    booking_deadline = models.DateTimeField(
        _("booking deadline"),
        blank=True,
        help_text=_("Empty: 24 hours before the start."),
    )
    cancellation_deadline = models.DateTimeField(
        _("cancellation deadline"),
        blank=True,
        help_text=_("Empty: 48 hours before the start."),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.SCHEDULED
    )
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Only visible in the CMS.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = CourseSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="course_session_end_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="course_session_capacity_positive",
                violation_error_message=_("A session needs at least one seat."),
            ),
        ]
        indexes = [models.Index(fields=["course", "start"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.course.title} – {local:%d.%m.%Y %H:%M}"

    def save(self, *args, **kwargs) -> None:
        # Fill derived defaults only; no side effects here.
        if self.start and not self.booking_deadline:
            self.booking_deadline = self.start - DEFAULT_BOOKING_CLOSES_BEFORE
        if self.start and not self.cancellation_deadline:
            self.cancellation_deadline = self.start - DEFAULT_CANCELLATION_CLOSES_BEFORE
        super().save(*args, **kwargs)

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def confirmed_seats(self) -> int:
        """Confirmed registrations: the annotation if present, else one query."""
        from courses.models.registrations import Registration

        if hasattr(self, "confirmed_count"):
            return self.confirmed_count
        return self.registrations.filter(status=Registration.Status.CONFIRMED).count()

    @property
    def free_seats(self) -> int:
        return max(self.capacity - self.confirmed_seats, 0)
