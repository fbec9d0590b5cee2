"""Attachments are checked by content, not by name, and images are re-encoded."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image
from pillow_heif import register_heif_opener

from support.attachments import clean_upload, clean_uploads, sanitise_filename
from tests.support.ticket_fixtures import PDF_BYTES, jpeg_with_gps, png_bytes, upload

register_heif_opener()


def test_html_named_png_is_refused():
    html = b"<html><script>alert(document.cookie)</script></html>"
    with pytest.raises(ValidationError, match="keine lesbare"):
        clean_upload(upload("foto.png", html, "image/png"))


def test_twenty_megabytes_are_refused():
    big = b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024)
    with pytest.raises(ValidationError, match="höchstens 10"):
        clean_upload(upload("scan.pdf", big, "application/pdf"))


def test_a_real_pdf_is_accepted_as_is():
    clean = clean_upload(upload("Lieferschein März.PDF", PDF_BYTES))
    assert clean.content == PDF_BYTES
    assert clean.content_type == "application/pdf"
    assert clean.name == "Lieferschein März.pdf"


def test_pdf_with_javascript_is_refused():
    evil = PDF_BYTES.replace(
        b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"
    )
    with pytest.raises(ValidationError, match="Skripte"):
        clean_upload(upload("rechnung.pdf", evil))


def test_a_real_png_is_accepted_and_re_encoded():
    original = png_bytes() + b"<script>trailing payload</script>"
    clean = clean_upload(upload("display.png", original, "image/png"))
    assert clean.content_type == "image/png"
    assert clean.content != original
    assert b"<script>" not in clean.content
    assert Image.open(io.BytesIO(clean.content)).size == (40, 30)


def test_jpeg_metadata_such_as_gps_is_stripped():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()
    clean = clean_upload(upload("IMG_0001.JPG", original))
    assert clean.name == "IMG_0001.jpg"
    assert not Image.open(io.BytesIO(clean.content)).getexif()


def test_heic_from_the_ipad_becomes_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (24, 24), (0, 128, 0)).save(buffer, format="HEIF")
    clean = clean_upload(upload("IMG_4711.HEIC", buffer.getvalue()))
    assert clean.content_type == "image/jpeg"
    assert clean.name == "IMG_4711.jpg"
    assert Image.open(io.BytesIO(clean.content)).format == "JPEG"


def test_extension_follows_content_not_name():
    clean = clean_upload(upload("bild.pdf", png_bytes()))
    assert clean.name == "bild.png"


def test_gif_and_empty_files_are_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="GIF")
    with pytest.raises(ValidationError):
        clean_upload(upload("a.gif", buffer.getvalue()))
    with pytest.raises(ValidationError, match="leer"):
        clean_upload(upload("leer.png", b""))


def test_at_most_five_files_and_every_error_reported():
    with pytest.raises(ValidationError, match="höchstens 5"):
        clean_uploads([upload(f"{n}.png", png_bytes()) for n in range(6)])
    with pytest.raises(ValidationError) as info:
        clean_uploads([upload("a.png", b"nope"), upload("b.png", b"nope too")])
    assert len(info.value.error_list) == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd.png"),
        ("C:\\Users\\lea\\Foto 1.jpg", "Foto 1.png"),
        ('"><img src=x onerror=alert(1)>.png', "img src_x onerror_alert(1).png"),
        ("\u202egnp.exe", "gnp.png"),
        ("", "anhang.png"),
    ],
)
def test_file_names_are_sanitised(name, expected):
    assert sanitise_filename(name, "png") == expected
