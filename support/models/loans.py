"""Loans of devices to pupils (by pseudonymous code) and teachers."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.choices import ChoiceLabelsMixin

from .devices import Device

__all__ = ["BorrowerType", "Loan"]


class LoanQuerySet(models.QuerySet):
    def open(self) -> LoanQuerySet:
        return self.filter(returned_on__isnull=True)

    def for_user(self, user) -> LoanQuerySet:
        from support.permissions import schools_with_internals_for

        return self.filter(device__school__in=schools_with_internals_for(user))


pupil_reference_validator = RegexValidator(
    r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9-]{2,19}$",
    _(
        "Enter the school's pseudonymous code (3 to 20 letters and digits with at "
        "least one digit, e.g. 7B-0412), never the pupil's name."
    ),
)


class BorrowerType(models.TextChoices):
    PUPIL = "pupil", _("Pupil")
    TEACHER = "teacher", _("Teacher")


class Loan(ChoiceLabelsMixin, models.Model):
    """A device lent to a pupil (by a pseudonymous reference) or to a teacher."""

    BorrowerType = BorrowerType

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="loans", verbose_name=_("device")
    )
    borrower_type = models.CharField(
        _("borrower"),
        max_length=10,
        choices=BorrowerType.choices,
        default=BorrowerType.PUPIL,
    )
    pupil_reference = models.CharField(
        _("pupil reference"),
        max_length=20,
        blank=True,
        validators=[pupil_reference_validator],
        help_text=_(
            "A code from the school's own list that only the school can resolve, "
            "e.g. 7B-0412. Never enter a pupil's name."
        ),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="device_loans",
        verbose_name=_("teacher"),
    )
    issued_on = models.DateField(_("issued on"))
    expected_return = models.DateField(_("expected return"), null=True, blank=True)
    agreement_signed_on = models.DateField(
        _("loan agreement signed on"),
        null=True,
        blank=True,
        help_text=_("For pupils the guardians sign the agreement."),
    )
    accessories = models.CharField(
        _("accessories handed over"),
        max_length=200,
        blank=True,
        help_text=_("e.g. case, charger, pencil"),
    )
    condition_at_issue = models.CharField(
        _("condition at issue"), max_length=200, blank=True
    )
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    condition_at_return = models.CharField(
        _("condition at return"), max_length=200, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = LoanQuerySet.as_manager()
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["device"],
                condition=Q(returned_on__isnull=True),
                name="loan_one_open_per_device",
            ),
            models.CheckConstraint(
                condition=(
                    Q(borrower_type=BorrowerType.PUPIL, teacher__isnull=True)
                    & ~Q(pupil_reference="")
                )
                | Q(
                    borrower_type=BorrowerType.TEACHER,
                    teacher__isnull=False,
                    pupil_reference="",
                ),
                name="loan_borrower_matches_type",
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True)
                | Q(returned_on__gte=models.F("issued_on")),
                name="loan_returned_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return _("Loan of %(serial)s to %(borrower)s") % {
            "serial": self.device.serial,
            "borrower": self.borrower_label,
        }

    @property
    def is_open(self) -> bool:
        return self.returned_on is None

    @property
    def borrower_label(self) -> str:
        if self.borrower_type == self.BorrowerType.TEACHER and self.teacher_id:
            return self.teacher.display_name
        return self.pupil_reference
