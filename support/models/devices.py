"""Devices by serial number and the delivery batches that brought them."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from portal.choices import ChoiceLabelsMixin

from .profiles import ConfigurationProfile

__all__ = [
    "BatchAllocation",
    "DeliveryBatch",
    "Device",
    "normalise_serial",
    "validate_serial",
]

SERIAL_RE = re.compile(r"^(?:[A-Z0-9]{10}|[A-Z0-9]{12})$")
_WHITESPACE_RE = re.compile(r"\s+")


def normalise_serial(value: str) -> str:
    """Serial as stored: upper case, every space (also inner ones) removed."""
    return _WHITESPACE_RE.sub("", value or "").upper()


def validate_serial(value: str) -> None:
    """Apple serials have 10 (since 2021) or 12 characters of digits and letters."""
    serial = normalise_serial(value)
    if not SERIAL_RE.match(serial):
        raise ValidationError(
            _(
                "“%(value)s” is not a valid serial number: it must have 10 or 12 "
                "letters and digits (for example F9FXK3ABCD12), without dashes. "
                "You find it under Settings > General > About on the iPad."
            ),
            code="invalid_serial",
            params={"value": value},
        )


class DeliveryBatch(models.Model):
    """A delivery of devices on a date; per school the number planned."""

    number = models.PositiveIntegerField(_("batch number"), unique=True)
    planned_date = models.DateField(_("planned delivery date"))
    actual_date = models.DateField(_("actual delivery date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("delivery batch")
        verbose_name_plural = _("delivery batches")
        ordering = ["number"]

    def __str__(self) -> str:
        return _("Batch %(number)s") % {"number": self.number}


class BatchAllocation(models.Model):
    """How many devices a batch is planned to bring to one school."""

    batch = models.ForeignKey(
        DeliveryBatch,
        on_delete=models.CASCADE,
        related_name="allocations",
        verbose_name=_("delivery batch"),
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.CASCADE,
        related_name="batch_allocations",
        verbose_name=_("school"),
    )
    devices_planned = models.PositiveIntegerField(_("devices planned"))

    class Meta:
        verbose_name = _("batch allocation")
        verbose_name_plural = _("batch allocations")
        ordering = ["batch__number", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "school"], name="allocation_unique_batch_school"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch}: {self.school.name} ({self.devices_planned})"


class DeviceQuerySet(models.QuerySet):
    def for_user(self, user) -> DeviceQuerySet:
        from support.permissions import schools_with_internals_for

        return self.filter(school__in=schools_with_internals_for(user))

    def for_listing(self) -> DeviceQuerySet:
        return self.select_related("school", "batch", "profile_version")

    def search(self, term: str) -> DeviceQuerySet:
        term = (term or "").strip()
        if not term:
            return self
        return self.filter(
            Q(serial__contains=normalise_serial(term)) | Q(asset_tag__iexact=term)
        )

    def delivered(self) -> DeviceQuerySet:
        return self.exclude(status=Device.Status.ORDERED)

    def status_counts(self) -> dict[str, int]:
        return dict(
            self.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )


class Device(ChoiceLabelsMixin, models.Model):
    """An iPad of a school, known by its serial number."""

    class Purpose(models.TextChoices):
        PUPIL_LOAN = "pupil_loan", _("Pupil loan")
        TEACHER_DEVICE = "teacher_device", _("Teacher device")
        CLASS_SET = "class_set", _("Class set")

    class Status(models.TextChoices):
        ORDERED = "ordered", _("Ordered")
        DELIVERED = "delivered", _("Delivered")
        IN_USE = "in_use", _("In use")
        IN_REPAIR = "in_repair", _("In repair")
        LOST = "lost", _("Lost")
        RETIRED = "retired", _("Retired")

    serial = models.CharField(
        _("serial number"),
        max_length=12,
        unique=True,
        validators=[validate_serial],
        help_text=_("10 or 12 letters and digits; stored in upper case."),
    )
    model = models.CharField(_("model"), max_length=100, db_index=True)
    storage_gb = models.PositiveIntegerField(_("storage (GB)"), null=True, blank=True)
    asset_tag = models.CharField(
        _("asset tag"),
        max_length=40,
        blank=True,
        help_text=_("The school authority's inventory number, unique per school."),
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        related_name="devices",
        verbose_name=_("school"),
    )
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, db_index=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DELIVERED,
        db_index=True,
    )
    batch = models.ForeignKey(
        DeliveryBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("delivery batch"),
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    profile_version = models.ForeignKey(
        ConfigurationProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("profile version installed"),
    )
    warranty_until = models.DateField(_("warranty until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DeviceQuerySet.as_manager()
    # 25,000 devices would each add rows to Wagtail's reference index (and a task
    # per save) only to say which school they belong to; the inventory pages
    # answer that question directly.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "asset_tag"],
                condition=~Q(asset_tag=""),
                name="device_unique_asset_tag_per_school",
            ),
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return f"{self.serial} ({self.model})"

    def clean(self) -> None:
        self.serial = normalise_serial(self.serial)
        super().clean()

    @property
    def school_number(self) -> str:
        return self.school.school_number

    @property
    def batch_number(self) -> int | None:
        return self.batch.number if self.batch_id else None

    @property
    def profile_version_number(self) -> int | None:
        return self.profile_version.version if self.profile_version_id else None
