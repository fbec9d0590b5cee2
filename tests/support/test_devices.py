"""Serial numbers and device status rules."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from wagtail.models import ModelLogEntry

from support.devices import InventoryError, bulk_change_status, change_device_status
from support.models import Device, normalise_serial, validate_serial
from tests.support.factories import DeviceFactory, LoanFactory, serial_for


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("f9fxk3abcd12", "F9FXK3ABCD12"),
        (" F9FX K3AB CD12 ", "F9FXK3ABCD12"),
        ("h4k7p2xq9w", "H4K7P2XQ9W"),
    ],
)
def test_valid_serials_are_normalised(typed, stored):
    validate_serial(typed)
    assert normalise_serial(typed) == stored


@pytest.mark.parametrize(
    "bad",
    ["", "F9FXK3ABC", "F9FXK3ABCD1", "F9FXK3ABCD123", "F9FX-K3AB-CD", "F9FXK3ÄBCD12"],
)
def test_invalid_serials_get_a_message_that_says_how(bad):
    with pytest.raises(ValidationError) as error:
        validate_serial(bad)
    assert "10 oder 12 Buchstaben und Ziffern" in error.value.messages[0]


def test_serial_is_unique(school):
    DeviceFactory(school=school, serial="F9FXK3ABCD12")
    with pytest.raises(IntegrityError):
        DeviceFactory(school=school, serial="F9FXK3ABCD12")


def test_asset_tag_unique_per_school_only(school, other_school):
    DeviceFactory(school=school, asset_tag="INV-1")
    DeviceFactory(school=other_school, asset_tag="INV-1")
    DeviceFactory(school=school, asset_tag="")
    DeviceFactory(school=school, asset_tag="")
    with pytest.raises(IntegrityError):
        DeviceFactory(school=school, asset_tag="INV-1")


def test_status_change_is_logged_with_who(device, agent):
    change_device_status(device=device, status=Device.Status.IN_REPAIR, by=agent)
    entry = ModelLogEntry.objects.get(action="support.device.status")
    assert entry.user == agent
    assert entry.data["from"] == "delivered" and entry.data["to"] == "in_repair"


def test_device_on_loan_cannot_be_retired(device, agent):
    LoanFactory(device=device)
    with pytest.raises(InventoryError, match="verliehen"):
        change_device_status(device=device, status=Device.Status.RETIRED, by=agent)


def test_bulk_change_skips_lent_devices_when_retiring(school, agent):
    devices = [DeviceFactory(school=school, serial=serial_for(n)) for n in range(4)]
    LoanFactory(device=devices[0])
    changed = bulk_change_status(
        devices=Device.objects.all(), status=Device.Status.RETIRED, by=agent
    )
    assert changed == 3
    devices[0].refresh_from_db()
    assert devices[0].status == Device.Status.DELIVERED
    assert ModelLogEntry.objects.filter(action="support.device.status").count() == 3
