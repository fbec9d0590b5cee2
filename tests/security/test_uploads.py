"""Hostile uploads: refused with a message that says why, and nothing stored.

Ticket attachments (school side), the device CSV import (agents) and Wagtail
documents and images (trainers). "Nothing stored" is checked in the database and
in the media folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image

from support.models import Device, Ticket, TicketAttachment
from tests.security.factories import png_bytes

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
    b'onload="alert(1)"><script>alert(document.domain)</script></svg>'
)
GIF_JS = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(document.cookie);//;"
PNG_HTML = png_bytes() + HTML
TWENTY_MB = png_bytes() + b"\0" * (20 * 1024 * 1024)

HOSTILE = {
    "HTML named as a photo": ("foto.png", HTML, "image/png"),
    "HTML named as a PDF": ("scan.pdf", HTML, "application/pdf"),
    "SVG with script": ("zeichnung.svg", SVG, "image/svg+xml"),
    "SVG named as a photo": ("zeichnung.png", SVG, "image/png"),
    "GIF/JavaScript polyglot": ("bild.gif", GIF_JS, "image/gif"),
    "PDF with JavaScript": (
        "formular.pdf",
        b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj",
        "application/pdf",
    ),
    "20 MB file": ("riesig.png", TWENTY_MB, "image/png"),
    "empty file": ("leer.png", b"", "image/png"),
}


def _media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _report(client, upload: SimpleUploadedFile):
    return client.post(
        reverse("support:report"),
        {
            "category": "display",
            "subject": "Display gesprungen",
            "description": "Foto anbei.",
            "attachments": [upload],
        },
    )


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_ticket_attachment_is_refused(client, teacher, kind):
    name, content, content_type = HOSTILE[kind]
    client.force_login(teacher)
    before = _media_files()
    response = _report(client, SimpleUploadedFile(name, content, content_type))
    assert response.status_code == 200, f"{kind}: accepted ({response.status_code})"
    page = response.content.decode()
    assert name in page, f"{kind}: the message does not name the file"
    assert 'aria-invalid="true"' in page or "error" in page
    assert not Ticket.objects.exists()
    assert not TicketAttachment.objects.exists()
    assert _media_files() == before


def test_hostile_attachment_in_a_reply_is_refused(client, world, clients):
    url = reverse("support:ticket_reply", args=[world.ticket.reference])
    attachments = TicketAttachment.objects.count()
    before = _media_files()
    response = clients["teacher"].post(
        url,
        {
            "body": "Hier das Foto",
            "attachments": [SimpleUploadedFile("foto.png", HTML, "image/png")],
        },
    )
    assert response.status_code == 400
    assert "foto.png" in response.content.decode()
    assert TicketAttachment.objects.count() == attachments
    assert _media_files() == before


def test_png_with_appended_html_is_stored_only_as_clean_pixels(client, teacher):
    """Accepting the picture is fine, but the HTML tail must not survive."""
    client.force_login(teacher)
    response = _report(client, SimpleUploadedFile("foto.png", PNG_HTML, "image/png"))
    if response.status_code == 200:  # refused outright: also fine
        assert not TicketAttachment.objects.exists()
        return
    attachment = TicketAttachment.objects.get()
    stored = attachment.file.read()
    assert b"<script" not in stored and b"<html" not in stored


def test_file_name_with_path_traversal_and_control_characters(client, teacher):
    client.force_login(teacher)
    name = "..\\..\\../../etc/cron.d/\x00evil\r\n\x1b[31m.png"
    response = _report(client, SimpleUploadedFile(name, png_bytes(), "image/png"))
    if response.status_code == 200:  # refused: nothing stored
        assert not TicketAttachment.objects.exists()
        return
    attachment = TicketAttachment.objects.get()
    stored = Path(attachment.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "helpdesk")
    for bad in ("/", "\\", "..", "\x00", "\r", "\n", "\x1b"):
        assert bad not in attachment.name, repr(attachment.name)
    download = client.get(
        reverse(
            "support:ticket_attachment",
            args=[attachment.ticket.reference, attachment.pk],
        )
    )
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert (
        "\r" not in disposition and "\n" not in disposition and ".." not in disposition
    )
    assert download["X-Content-Type-Options"] == "nosniff"


# --- the device import --------------------------------------------------------

DEVICE_IMPORT_HOSTILE = {
    "HTML named as CSV": ("geraete.csv", HTML),
    "SVG named as CSV": ("geraete.csv", SVG),
    "binary junk": ("geraete.csv", GIF_JS + bytes(range(256)) * 50),
    "20 MB file": ("geraete.csv", b"Seriennummer;Modell\n" + b"x;y\n" * 5_000_000),
    "path traversal name": ("../../etc/passwd\x00.csv", b"root:x:0:0::/root:/bin/sh\n"),
}


@pytest.mark.parametrize("kind", sorted(DEVICE_IMPORT_HOSTILE))
def test_hostile_device_import_is_refused(client, agent, kind):
    name, content = DEVICE_IMPORT_HOSTILE[kind]
    client.force_login(agent)
    before = _media_files()
    response = client.post(
        reverse("device_import:upload"),
        {"file": SimpleUploadedFile(name, content, "text/csv")},
    )
    assert response.status_code == 200
    result = response.context["result"]
    errors = response.context["form"].errors or (
        result and (result.file_error or result.errors)
    )
    assert errors, f"{kind}: no message says what is wrong"
    assert not Device.objects.exists()
    assert _media_files() == before


# --- Wagtail documents and images by a trainer ----------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("handout.html", HTML),
        ("handout.htm", HTML),
        ("grafik.svg", SVG),
        ("skript.js", b"alert(1)"),
        ("seite.xhtml", HTML),
    ],
)
def test_trainer_can_not_upload_active_documents(client, trainer, name, content):
    client.force_login(trainer)
    before = _media_files()
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Handout", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert not Document.objects.filter(title="Handout").exists()
    assert "Handout" not in {d.title for d in Document.objects.all()}
    assert _media_files() == before


def test_html_disguised_as_a_pdf_document_is_served_as_a_download(client, trainer):
    """Wagtail checks only the extension; the serving view must not let it render."""
    client.force_login(trainer)
    client.post(
        reverse("wagtaildocs:add"),
        {"title": "Tarnung", "file": SimpleUploadedFile("tarnung.pdf", HTML)},
    )
    document = Document.objects.get(title="Tarnung")
    response = client.get(document.url)
    assert response.status_code == 200
    # Wagtail serves PDFs inline; as application/pdf with nosniff the browser hands
    # the bytes to its PDF viewer and never renders them as HTML.
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("name", "content"), [("logo.svg", SVG), ("foto.png", HTML)])
def test_trainer_can_not_upload_active_images(client, trainer, name, content):
    client.force_login(trainer)
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Bild", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert not Image.objects.filter(title="Bild").exists()


def test_image_polyglot_is_not_stored(trainer):
    """A GIF header Pillow can not open: Wagtail 8.0.1 answers 500 (its image
    field lets Pillow's error through) instead of a form error; what matters here
    is that nothing is stored."""
    client = Client(raise_request_exception=False)
    client.force_login(trainer)
    before = _media_files()
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Bild", "file": SimpleUploadedFile("bild.gif", GIF_JS)},
    )
    assert response.status_code in (200, 500)
    assert not Image.objects.filter(title="Bild").exists()
    assert _media_files() == before
