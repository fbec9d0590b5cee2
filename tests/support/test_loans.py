"""Loans: one open loan per device, pseudonymous pupils, returns, history."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from support.devices import InventoryError, record_loan, record_return
from support.models import Device, Loan
from tests.support.factories import LoanFactory

DAY = datetime.date(2021, 1, 11)


def test_database_allows_one_open_loan_per_device(device):
    LoanFactory(device=device)
    with pytest.raises(IntegrityError):
        LoanFactory(device=device)


def test_returned_loans_do_not_block_a_new_one(device):
    LoanFactory(device=device, returned_on=datetime.date(2021, 2, 1))
    LoanFactory(device=device)
    assert Loan.objects.filter(device=device).count() == 2


def test_record_loan_refuses_a_lent_device(device, coordinator):
    record_loan(device=device, by=coordinator, issued_on=DAY, pupil_reference="7B-1")
    with pytest.raises(InventoryError, match="bereits verliehen"):
        record_loan(
            device=device, by=coordinator, issued_on=DAY, pupil_reference="7B-2"
        )


@pytest.mark.parametrize("reference", ["Max Mustermann", "Anna1", "", "MUELLER7"])
def test_names_are_refused_as_pupil_reference(device, coordinator, reference):
    with pytest.raises(InventoryError, match="niemals einen Namen"):
        record_loan(
            device=device, by=coordinator, issued_on=DAY, pupil_reference=reference
        )


def test_lost_device_cannot_be_lent(device, coordinator):
    device.status = Device.Status.LOST
    device.save()
    with pytest.raises(InventoryError, match="kann nicht verliehen werden"):
        record_loan(device=device, by=coordinator, issued_on=DAY, pupil_reference="7B1")


def test_loan_and_return_set_status_and_record_history(device, coordinator):
    loan = record_loan(
        device=device, by=coordinator, issued_on=DAY, pupil_reference="7b-0412"
    )
    device.refresh_from_db()
    assert loan.pupil_reference == "7B-0412"
    assert device.status == Device.Status.IN_USE
    record_return(
        loan=loan,
        by=coordinator,
        returned_on=DAY + datetime.timedelta(days=30),
        condition_at_return="Display gesprungen",
        device_status=Device.Status.IN_REPAIR,
    )
    device.refresh_from_db()
    assert device.status == Device.Status.IN_REPAIR
    actions = set(
        ModelLogEntry.objects.filter(user=coordinator).values_list("action", flat=True)
    )
    assert {"support.loan.issue", "support.loan.return", "support.device.status"} <= (
        actions
    )


def test_return_before_issue_is_refused(device, coordinator):
    loan = record_loan(
        device=device, by=coordinator, issued_on=DAY, pupil_reference="7B1"
    )
    with pytest.raises(InventoryError, match="nicht vor dem Ausgabetag"):
        record_return(
            loan=loan, by=coordinator, returned_on=DAY - datetime.timedelta(1)
        )


def test_teacher_loan_must_be_a_teacher_of_the_school(
    device, coordinator, other_school_teacher, teacher
):
    with pytest.raises(InventoryError, match="Schule des Geräts"):
        record_loan(
            device=device, by=coordinator, issued_on=DAY, teacher=other_school_teacher
        )
    loan = record_loan(device=device, by=coordinator, issued_on=DAY, teacher=teacher)
    assert loan.borrower_label == "Lea Lehrerin"


def test_loan_form_records_and_shows_errors(client, coordinator, school, device):
    client.force_login(coordinator)
    url = reverse("support:loan_create", args=[school.school_number])
    data = {
        "serial": "f9fx k3ab cd12",
        "borrower_type": "pupil",
        "pupil_reference": "Lisa Schmidt",
        "issued_on": "2021-01-11",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "niemals einen Namen" in refused.content.decode()
    assert not Loan.objects.exists()
    data["pupil_reference"] = "7B-0412"
    response = client.post(url, data)
    loan = Loan.objects.get()
    assert response["Location"] == reverse(
        "support:loan_agreement", args=[school.school_number, loan.pk]
    )


def test_loan_form_refuses_device_of_other_school(
    client, coordinator, school, other_device
):
    client.force_login(coordinator)
    response = client.post(
        reverse("support:loan_create", args=[school.school_number]),
        {
            "serial": other_device.serial,
            "borrower_type": "pupil",
            "pupil_reference": "7B-0412",
            "issued_on": "2021-01-11",
        },
    )
    assert response.status_code == 200
    assert not Loan.objects.exists()


def test_return_form(client, coordinator, school, device):
    loan = record_loan(
        device=device, by=coordinator, issued_on=DAY, pupil_reference="7B1"
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("support:loan_return", args=[school.school_number, loan.pk]),
        {"returned_on": "2021-03-01", "device_status": "delivered"},
    )
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.returned_on == datetime.date(2021, 3, 1)
