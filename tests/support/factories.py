"""Factories of support: devices, profiles, batches, loans (helpdesk adds tickets)."""

import datetime

import factory

from support.models import (
    BatchAllocation,
    ConfigurationProfile,
    DeliveryBatch,
    Device,
    Loan,
)
from tests.factories import SchoolFactory


def serial_for(n: int) -> str:
    return f"DMP{n:07d}XY"


class DeliveryBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryBatch
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n + 1)
    planned_date = datetime.date(2020, 11, 16)
    actual_date = datetime.date(2020, 11, 18)


class BatchAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BatchAllocation

    batch = factory.SubFactory(DeliveryBatchFactory)
    school = factory.SubFactory(SchoolFactory)
    devices_planned = 10


class ConfigurationProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfigurationProfile

    school = factory.SubFactory(SchoolFactory)
    version = 1
    is_current = True
    wifi_name = "SCHULE-WLAN"
    wifi_security = ConfigurationProfile.WifiSecurity.WPA2_ENTERPRISE
    settings_restrictions = "AirDrop: off"
    pupil_permissions = "Install apps: no"
    teacher_permissions = "Classroom app: yes"


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    serial = factory.Sequence(serial_for)
    model = "iPad (8. Generation)"
    storage_gb = 32
    school = factory.SubFactory(SchoolFactory)
    purpose = Device.Purpose.PUPIL_LOAN
    status = Device.Status.DELIVERED
    delivered_on = datetime.date(2020, 11, 18)


class LoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Loan

    device = factory.SubFactory(DeviceFactory)
    borrower_type = Loan.BorrowerType.PUPIL
    pupil_reference = factory.Sequence(lambda n: f"7B-{n:04d}")
    issued_on = datetime.date(2020, 12, 1)
    agreement_signed_on = datetime.date(2020, 11, 30)
