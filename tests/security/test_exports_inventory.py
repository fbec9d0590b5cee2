"""A finding, fixed: the device and loan exports in the CMS wrote formula cells as
typed (model, accessories, condition); they now go through FormulaSafeExportMixin."""

import pytest
from django.urls import reverse

from tests.security.test_exports import (
    FORMULAS,
    _content,
    _csv_cells,
    _xlsx_cells,
    assert_neutralised,
)
from tests.support.factories import DeviceFactory, LoanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_device_and_loan_exports_in_the_cms(client, agent, school, fmt):
    for n, formula in enumerate(FORMULAS):
        device = DeviceFactory(school=school, model=formula, serial=f"FML{n:05d}ABCD")
        LoanFactory(device=device, accessories=formula)
    client.force_login(agent)
    for url in (
        reverse("wagtailsnippets_support_device:list"),
        reverse("wagtailsnippets_support_loan:list"),
    ):
        data = _content(client.get(f"{url}?export={fmt}"))
        cells = _csv_cells(data) if fmt == "csv" else _xlsx_cells(data)
        assert_neutralised(cells, f"{url}?export={fmt}")
