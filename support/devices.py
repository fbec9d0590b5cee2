"""Domain rules of the inventory: device status, loans, returns, profile versions.

Every function is one use case, runs in a transaction and records who did what
and when in Wagtail's audit log (`ModelLogEntry`), which the admin's history and
inspect views show. Views, the admin, commands and tests all call these.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from portal.schools.models import School
from support.device_counts import devices_changed
from support.models.inventory import (
    ConfigurationProfile,
    Device,
    Loan,
    ProfileApp,
    normalise_serial,
    validate_serial,
)

__all__ = [
    "InventoryError",
    "bulk_change_status",
    "change_device_status",
    "check_pupil_reference",
    "create_profile_version",
    "log_bulk",
    "normalise_serial",
    "record_loan",
    "record_return",
    "validate_serial",
]

#: Statuses from which a device can be handed out.
LENDABLE = (Device.Status.DELIVERED, Device.Status.IN_USE)
_WORD_RE = re.compile(r"[A-Za-zÄÖÜäöüß]{4,}")


class InventoryError(Exception):
    """A rule of the inventory was broken; the message says how to fix it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def log_bulk(
    objects: Iterable,
    action: str,
    *,
    user=None,
    data: dict | None = None,
    data_for: Callable[[Any], dict] | None = None,
) -> int:
    """Audit entries for many objects of one model at once (imports, bulk actions).

    Writes the same `ModelLogEntry` rows as `wagtail.log_actions.log`, but with one
    `executemany` per 2,000 objects: building 25,000 log entries through the ORM
    cost as much as importing the devices themselves.
    """
    objects = list(objects)
    if not objects:
        return 0
    connection = connections[router.db_for_write(ModelLogEntry)]
    field = ModelLogEntry._meta.get_field

    def prep(name: str, value):
        return field(name).get_db_prep_save(value, connection)

    content_type = ContentType.objects.get_for_model(
        objects[0], for_concrete_model=False
    )
    timestamp, shared_uuid = (
        prep("timestamp", timezone.now()),
        prep("uuid", uuid.uuid4()),
    )
    fixed_data = prep("data", data or {}) if data_for is None else None
    user_id = user.pk if user is not None else None
    rows = [
        (
            content_type.pk,
            str(obj),
            action,
            fixed_data if data_for is None else prep("data", data_for(obj)),
            timestamp,
            shared_uuid,
            user_id,
            False,
            False,
            str(obj.pk),
        )
        for obj in objects
    ]
    columns = (
        "content_type_id",
        "label",
        "action",
        "data",
        "timestamp",
        "uuid",
        "user_id",
        "content_changed",
        "deleted",
        "object_id",
    )
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from _meta
        quote(ModelLogEntry._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])
    return len(rows)


@transaction.atomic
def change_device_status(
    *, device: Device, status: Device.Status, by, note: str = ""
) -> Device:
    """Set a device's status; a device on loan cannot be retired or ordered."""
    status = Device.Status(status)
    if status == device.status:
        return device
    if status in (Device.Status.RETIRED, Device.Status.ORDERED):
        if device.loans.open().exists():
            raise InventoryError(
                _(
                    "%(serial)s is on loan. Record the return first, then change "
                    "the status."
                )
                % {"serial": device.serial},
                field="status",
            )
    old = device.status
    device.status = status
    device.save(update_fields=["status", "updated_at"])
    log(
        device,
        "support.device.status",
        user=by,
        data={"from": old, "to": status.value, "note": note},
    )
    return device


@transaction.atomic
def bulk_change_status(*, devices: QuerySet[Device], status: Device.Status, by) -> int:
    """Set the status of many devices at once (admin bulk action), logged per device.

    Devices on an open loan keep their status when they would be retired or set back
    to ordered; the count of changed devices is returned.
    """
    status = Device.Status(status)
    targets = devices.exclude(status=status)
    if status in (Device.Status.RETIRED, Device.Status.ORDERED):
        targets = targets.exclude(pk__in=Loan.objects.open().values("device_id"))
    changed = list(targets.only("pk", "serial", "model", "status"))
    by_old: dict[str, list[Device]] = {}
    for device in changed:
        by_old.setdefault(device.status, []).append(device)
    Device.objects.filter(pk__in=[d.pk for d in changed]).update(
        status=status, updated_at=timezone.now()
    )
    devices_changed()
    for old, group in by_old.items():
        log_bulk(
            group,
            "support.device.status",
            user=by,
            data={"from": old, "to": status.value, "note": "bulk"},
        )
    return len(changed)


def check_pupil_reference(reference: str) -> str:
    """Normalise a pupil reference and refuse what looks like a name.

    The portal never stores a pupil's name (GDPR data minimisation): references are
    codes from the school's own list, e.g. 7B-0412. A run of four or more letters
    looks like a name or word and is refused.
    """
    reference = (reference or "").strip().upper()
    if not reference or _WORD_RE.search(reference) or not re.search(r"\d", reference):
        raise InventoryError(
            _(
                "Enter the pupil's code from your school's list (letters and digits, "
                "e.g. 7B-0412), never a name. A code has at least one digit and no "
                "more than three letters in a row."
            ),
            field="pupil_reference",
        )
    return reference


@transaction.atomic
def record_loan(
    *,
    device: Device,
    by,
    issued_on: date,
    pupil_reference: str = "",
    teacher=None,
    expected_return: date | None = None,
    agreement_signed_on: date | None = None,
    accessories: str = "",
    condition_at_issue: str = "",
) -> Loan:
    """Lend a device to a pupil (pseudonymous reference) or a teacher of its school.

    A device has at most one open loan (also a database constraint); only delivered
    or in-use devices can be lent; the device is then in use.
    """
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.status not in LENDABLE:
        raise InventoryError(
            _(
                "%(serial)s is “%(status)s” and cannot be lent. Only delivered "
                "devices or devices in use can be handed out."
            )
            % {"serial": device.serial, "status": device.get_status_display()},
            field="device",
        )
    if device.loans.open().exists():
        raise InventoryError(
            _("%(serial)s is already on loan. Record its return first.")
            % {"serial": device.serial},
            field="device",
        )
    if teacher is not None:
        if teacher.school_id != device.school_id:
            raise InventoryError(
                _("The teacher must belong to the device's school."), field="teacher"
            )
        borrower_type, pupil_reference = Loan.BorrowerType.TEACHER, ""
    else:
        borrower_type = Loan.BorrowerType.PUPIL
        pupil_reference = check_pupil_reference(pupil_reference)
    if expected_return and expected_return < issued_on:
        raise InventoryError(
            _("The expected return must be on or after the day of issue."),
            field="expected_return",
        )
    try:
        with transaction.atomic():
            loan = Loan.objects.create(
                device=device,
                borrower_type=borrower_type,
                pupil_reference=pupil_reference,
                teacher=teacher,
                issued_on=issued_on,
                expected_return=expected_return,
                agreement_signed_on=agreement_signed_on,
                accessories=accessories,
                condition_at_issue=condition_at_issue,
                created_by=by,
            )
    except IntegrityError as exc:
        raise InventoryError(
            _("%(serial)s is already on loan. Record its return first.")
            % {"serial": device.serial},
            field="device",
        ) from exc
    log(loan, "support.loan.issue", user=by)
    if device.status != Device.Status.IN_USE:
        old = device.status
        device.status = Device.Status.IN_USE
        device.save(update_fields=["status", "updated_at"])
        log(
            device,
            "support.device.status",
            user=by,
            data={"from": old, "to": device.status, "note": "loan"},
        )
    return loan


@transaction.atomic
def record_return(
    *,
    loan: Loan,
    by,
    returned_on: date,
    condition_at_return: str = "",
    device_status: Device.Status = Device.Status.DELIVERED,
) -> Loan:
    """Close an open loan; the device becomes available again (or e.g. in repair)."""
    loan = Loan.objects.select_for_update().select_related("device").get(pk=loan.pk)
    if not loan.is_open:
        raise InventoryError(_("This loan was already returned."))
    if returned_on < loan.issued_on:
        raise InventoryError(
            _("The return date cannot be before the day of issue (%(date)s).")
            % {"date": loan.issued_on.strftime("%d.%m.%Y")},
            field="returned_on",
        )
    loan.returned_on = returned_on
    loan.condition_at_return = condition_at_return
    loan.save(update_fields=["returned_on", "condition_at_return"])
    log(loan, "support.loan.return", user=by)
    change_device_status(device=loan.device, status=device_status, by=by, note="return")
    return loan


@transaction.atomic
def create_profile_version(
    *,
    school: School,
    by,
    wifi_name: str,
    wifi_security: str,
    settings_restrictions: str = "",
    pupil_permissions: str = "",
    teacher_permissions: str = "",
    change_note: str = "",
    apps: Sequence[tuple[str, str]] = (),
) -> ConfigurationProfile:
    """Make a new current profile version of a school; older versions stay readable.

    The school row is locked so two agents saving at once get versions n and n+1,
    never two versions n (also a unique constraint).
    """
    School.objects.select_for_update().filter(pk=school.pk).first()
    profiles = ConfigurationProfile.objects.filter(school=school)
    number = (profiles.aggregate(m=Max("version"))["m"] or 0) + 1
    profiles.filter(is_current=True).update(is_current=False)
    profile = ConfigurationProfile.objects.create(
        school=school,
        version=number,
        is_current=True,
        wifi_name=wifi_name,
        wifi_security=wifi_security,
        settings_restrictions=settings_restrictions,
        pupil_permissions=pupil_permissions,
        teacher_permissions=teacher_permissions,
        change_note=change_note,
        created_by=by,
    )
    seen: set[str] = set()
    rows = []
    for name, bundle_id in apps:
        if bundle_id in seen:
            continue
        seen.add(bundle_id)
        rows.append(ProfileApp(profile=profile, name=name, bundle_id=bundle_id))
    ProfileApp.objects.bulk_create(rows)
    log(profile, "support.profile.version", user=by, data={"version": number})
    return profile
