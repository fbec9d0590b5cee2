"""Inventory: configuration profiles, delivery batches, devices and loans.

Writes go through `support.devices` (domain functions that also record the
history with Wagtail's `log_action`); these classes hold the data, the
invariants the database can enforce and the read queries.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

__all__ = [
    "BatchAllocation",
    "ConfigurationProfile",
    "DeliveryBatch",
    "Device",
    "Loan",
    "ProfileApp",
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


class WifiSecurity(models.TextChoices):
    WPA2_PERSONAL = "wpa2_personal", _("WPA2 Personal")
    WPA3_PERSONAL = "wpa3_personal", _("WPA3 Personal")
    WPA2_ENTERPRISE = "wpa2_enterprise", _("WPA2 Enterprise (802.1X)")
    WPA3_ENTERPRISE = "wpa3_enterprise", _("WPA3 Enterprise (802.1X)")
    OPEN = "open", _("Open (no encryption)")


class ProfileQuerySet(models.QuerySet):
    def current(self) -> ProfileQuerySet:
        return self.filter(is_current=True)

    def for_user(self, user) -> ProfileQuerySet:
        from support.permissions import schools_with_internals_for

        return self.filter(school__in=schools_with_internals_for(user))


class ConfigurationProfile(ClusterableModel):
    """One version of a school's configuration image. Versions are never edited:
    every change makes a new version (`support.devices.create_profile_version`),
    and exactly one version per school is marked current."""

    WifiSecurity = WifiSecurity

    school = models.ForeignKey(
        "schools.School",
        on_delete=models.CASCADE,
        related_name="profiles",
        verbose_name=_("school"),
    )
    version = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("current version"), default=False)
    wifi_name = models.CharField(
        _("WLAN name (SSID)"),
        max_length=64,
        blank=True,
        help_text=_("Only the network name. A WLAN password is never stored here."),
    )
    wifi_security = models.CharField(
        _("WLAN security"),
        max_length=32,
        choices=WifiSecurity.choices,
        default=WifiSecurity.WPA2_ENTERPRISE,
    )
    settings_restrictions = models.TextField(
        _("default settings and restrictions"),
        blank=True,
        help_text=_("One setting per line, e.g. “AirDrop: off”."),
    )
    pupil_permissions = models.TextField(
        _("what pupils may do"), blank=True, help_text=_("One rule per line.")
    )
    teacher_permissions = models.TextField(
        _("what teachers may do"), blank=True, help_text=_("One rule per line.")
    )
    change_note = models.TextField(
        _("change note"),
        blank=True,
        help_text=_("What changed compared with the previous version, and why."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("configuration profile")
        verbose_name_plural = _("configuration profiles")
        ordering = ["school__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "version"], name="profile_unique_school_version"
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(is_current=True),
                name="profile_one_current_per_school",
            ),
        ]

    def __str__(self) -> str:
        return _("%(school)s, version %(version)s") % {
            "school": self.school.name,
            "version": self.version,
        }

    @property
    def settings_lines(self) -> list[str]:
        return [s for s in self.settings_restrictions.splitlines() if s.strip()]

    @property
    def pupil_lines(self) -> list[str]:
        return [s for s in self.pupil_permissions.splitlines() if s.strip()]

    @property
    def teacher_lines(self) -> list[str]:
        return [s for s in self.teacher_permissions.splitlines() if s.strip()]


class ProfileApp(models.Model):
    """An app installed by a profile version (copied into every new version)."""

    profile = ParentalKey(
        ConfigurationProfile,
        on_delete=models.CASCADE,
        related_name="apps",
        verbose_name=_("profile"),
    )
    name = models.CharField(_("app name"), max_length=120)
    bundle_id = models.CharField(
        _("bundle ID"),
        max_length=200,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$",
                _("Enter a bundle ID such as com.apple.Keynote."),
            )
        ],
        help_text=_("The app's identifier, e.g. com.apple.Keynote."),
    )

    class Meta:
        verbose_name = _("installed app")
        verbose_name_plural = _("installed apps")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "bundle_id"], name="profileapp_unique_bundle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.bundle_id})"


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


class Device(models.Model):
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


class Loan(models.Model):
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
