"""Fixtures and helpers of the helpdesk tests (imported by the test_ticket* modules)."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from support import tickets as helpdesk
from support.models import Ticket


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF metadata (camera make and a GPS block)."""
    image = Image.new("RGB", (32, 32), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def file_ticket(reporter, *, school=None, serial="", category="display", **kwargs):
    return helpdesk.open_ticket(
        school=school or reporter.school,
        reporter=reporter,
        category=kwargs.pop("category_value", category),
        subject=kwargs.pop("subject", "Display gesprungen"),
        body=kwargs.pop("body", "Das iPad ist heruntergefallen."),
        serial=serial,
        **kwargs,
    )


@pytest.fixture
def ticket(teacher, device) -> Ticket:
    return file_ticket(teacher, serial=device.serial)


@pytest.fixture
def other_ticket(other_school_teacher) -> Ticket:
    return file_ticket(other_school_teacher, subject="WLAN weg", category="wlan")


@pytest.fixture
def tickets(teacher, other_school_teacher, agent):
    """Three tickets for the queue: WLAN (assigned), lost (other school), resolved."""
    wlan = file_ticket(teacher, category="wlan", subject="WLAN weg")
    lost = file_ticket(other_school_teacher, category="lost", subject="iPad weg")
    done = file_ticket(teacher, subject="Erledigt")
    helpdesk.change_ticket(ticket=done, by=agent, status="resolved")
    helpdesk.change_ticket(ticket=wlan, by=agent, assignee=agent)
    return {"wlan": wlan, "lost": lost, "done": done}


def queue_references(response) -> list[str]:
    """The references the queue page lists, in order."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.text for a in soup.select("a.queue-link")]
