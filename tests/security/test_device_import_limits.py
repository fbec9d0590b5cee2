"""A finding, fixed: a CSV field over 128 KiB crashed the import (500); it is now a
line-numbered error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from support.models import Device

pytestmark = pytest.mark.django_db


def test_device_import_with_a_huge_field_answers_with_a_message(agent):
    client = Client(raise_request_exception=False)
    client.force_login(agent)
    content = (
        b"Seriennummer;Modell;Schulnummer;Zweck;Lieferung;Geliefert am\n"
        + b"x" * (20 * 1024 * 1024)
    )
    response = client.post(
        reverse("device_import:upload"),
        {"file": SimpleUploadedFile("geraete.csv", content, "text/csv")},
    )
    assert response.status_code == 200, response.status_code
    result = response.context["result"]
    assert result.file_error or result.errors
    assert not Device.objects.exists()
