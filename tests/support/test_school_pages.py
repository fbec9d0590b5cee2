"""“Meine Schule”: the coordinator sees her school only; teachers none; agents all."""

import pytest
from django.urls import reverse

from support.devices import record_loan
from tests.support.factories import (
    BatchAllocationFactory,
    ConfigurationProfileFactory,
    DeviceFactory,
    LoanFactory,
    serial_for,
)


def school_urls(school, device, loan):
    number = school.school_number
    return [
        reverse("support:school", args=[number]),
        reverse("support:school_devices", args=[number]),
        reverse("support:school_device", args=[number, device.serial]),
        reverse("support:school_loans", args=[number]),
        reverse("support:loan_create", args=[number]),
        reverse("support:loan_return", args=[number, loan.pk]),
        reverse("support:loan_agreement", args=[number, loan.pk]),
    ]


@pytest.fixture
def loan(device):
    return LoanFactory(device=device, pupil_reference="7B-0412")


def test_coordinator_sees_her_school(client, coordinator, school, device, loan):
    ConfigurationProfileFactory(school=school, wifi_name="GS-PARK")
    client.force_login(coordinator)
    body = client.get(reverse("support:my_school")).content.decode()
    assert "Grundschule Am Park" in body and "GS-PARK" in body
    assert "7B-0412" in body
    for url in school_urls(school, device, loan):
        assert client.get(url).status_code == 200, url


def test_coordinator_of_other_school_gets_404_everywhere(
    client, other_school_coordinator, school, device, loan
):
    client.force_login(other_school_coordinator)
    for url in school_urls(school, device, loan):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("support:loan_return", args=[school.school_number, loan.pk]),
        {"returned_on": "2021-02-01", "device_status": "delivered"},
    )
    assert response.status_code == 404
    loan.refresh_from_db()
    assert loan.returned_on is None


def test_own_school_url_cannot_reach_other_schools_device_or_loan(
    client, coordinator, school, other_device
):
    other_loan = LoanFactory(device=other_device)
    client.force_login(coordinator)
    number = school.school_number
    device_url = reverse("support:school_device", args=[number, other_device.serial])
    assert client.get(device_url).status_code == 404
    for name in ("support:loan_return", "support:loan_agreement"):
        assert (
            client.get(reverse(name, args=[number, other_loan.pk])).status_code == 404
        )


def test_teacher_sees_none_of_it(client, teacher, school, device, loan):
    client.force_login(teacher)
    assert client.get(reverse("support:my_school")).status_code == 404
    for url in school_urls(school, device, loan):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_login(client, school, device, loan):
    for url in school_urls(school, device, loan):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_agent_opens_any_school(client, agent, school, other_school, device, loan):
    client.force_login(agent)
    for url in school_urls(school, device, loan):
        assert client.get(url).status_code == 200, url
    response = client.get(reverse("support:my_school"))
    assert response["Location"] == reverse("support:delivery_overview")


def test_device_list_searches_filters_and_pages(
    client, coordinator, school, other_school
):
    for n in range(60):
        DeviceFactory(school=school, serial=serial_for(n))
    DeviceFactory(school=school, serial="F9FXK3ABCD12", status="in_repair")
    DeviceFactory(school=other_school, serial="DMPZZ9ABCD01")
    client.force_login(coordinator)
    url = reverse("support:school_devices", args=[school.school_number])
    first = client.get(url).content.decode()
    assert "DMPZZ9ABCD01" not in first and "Seite 1 von 2" in first
    found = client.get(url, {"q": "f9fx k3ab"}).content.decode()
    assert "F9FXK3ABCD12" in found and serial_for(1) not in found
    repair = client.get(url, {"status": "in_repair"}).content.decode()
    assert "F9FXK3ABCD12" in repair and serial_for(1) not in repair


def test_device_list_query_count_does_not_grow(
    client, coordinator, school, batch, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("support:school_devices", args=[school.school_number])
    DeviceFactory.create_batch(3, school=school, batch=batch)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    DeviceFactory.create_batch(45, school=school, batch=batch)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_overview_shows_delivery_progress_per_batch(client, coordinator, school, batch):
    BatchAllocationFactory(batch=batch, school=school, devices_planned=40)
    DeviceFactory.create_batch(3, school=school, batch=batch)
    DeviceFactory(school=school, batch=batch, status="ordered")
    client.force_login(coordinator)
    body = client.get(reverse("support:my_school")).content.decode()
    assert 'max="40" value="3"' in body


def test_agreement_prints_serial_and_school_but_no_name(
    client, coordinator, school, device
):
    loan = record_loan(
        device=device, by=coordinator, issued_on="2021-01-11", pupil_reference="5a-17"
    )
    client.force_login(coordinator)
    url = reverse("support:loan_agreement", args=[school.school_number, loan.pk])
    body = client.get(url).content.decode()
    assert device.serial in body and school.name in body and "5A-17" in body
    assert "Name der Schülerin / des Schülers" in body
