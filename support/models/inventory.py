"""Inventory: configuration profiles, delivery batches, devices and loans.

Writes go through `support.devices` (domain functions that also record the
history with Wagtail's `log_action`); the model modules hold the data, the
invariants the database can enforce and the read queries.
"""

from .devices import (
    BatchAllocation,
    DeliveryBatch,
    Device,
    normalise_serial,
    validate_serial,
)
from .loans import BorrowerType, Loan
from .profiles import ConfigurationProfile, ProfileApp, WifiSecurity

__all__ = [
    "BatchAllocation",
    "BorrowerType",
    "ConfigurationProfile",
    "DeliveryBatch",
    "Device",
    "Loan",
    "ProfileApp",
    "WifiSecurity",
    "normalise_serial",
    "validate_serial",
]
