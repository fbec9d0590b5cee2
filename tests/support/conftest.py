"""Fixtures of support tests (the cast itself is in tests/conftest.py)."""

import pytest

from tests.support.factories import DeliveryBatchFactory, DeviceFactory
from tests.support.ticket_fixtures import other_ticket, ticket, tickets  # noqa: F401


@pytest.fixture
def batch(db):
    return DeliveryBatchFactory(number=1)


@pytest.fixture
def device(school, batch):
    return DeviceFactory(school=school, batch=batch, serial="F9FXK3ABCD12")


@pytest.fixture
def other_device(other_school, batch):
    return DeviceFactory(school=other_school, batch=batch, serial="DMPZZ9ABCD01")
