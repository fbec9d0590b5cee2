"""Checking and cleaning files attached to tickets.

Threat model: a school user (or someone with her account) uploads a file that the
IT service later opens. The file's name and the type the browser claims are not
trusted; only the content decides:

- Images (JPEG, PNG, HEIC from an iPhone or iPad) must open with Pillow. They are
  decoded and re-encoded, which drops anything that is not pixels: EXIF metadata
  (GPS position of a photo taken in a classroom), embedded scripts or polyglot
  payloads. HEIC is stored as JPEG so that every browser shows it.
- PDFs must start with the PDF signature; PDFs with embedded JavaScript or launch
  actions are refused.
- Everything else (HTML, SVG, Office files, archives) is refused.
- At most 10 MB per file and 5 files per message; image dimensions are capped to
  stop decompression bombs.

Files are stored under a random name and served only by a permission-checking view
as a download (`Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`).
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILES = 5
MAX_PIXELS = 50_000_000  # a 48-megapixel iPhone photo still fits
ALLOWED_DESCRIPTION = _("JPEG, PNG, HEIC (photos from the iPad) or PDF")
PDF_SIGNATURE = b"%PDF-"
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/EmbeddedFile")
_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "HEIF": "jpg", "MPO": "jpg"}
_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
_UNSAFE_NAME_CHARS = re.compile(r"[^\w .()-]+")


@dataclass(frozen=True)
class CleanFile:
    """A checked file ready to be stored: safe name, bytes and content type."""

    name: str
    content: bytes
    content_type: str

    @property
    def size(self) -> int:
        return len(self.content)


def sanitise_filename(name: str, extension: str) -> str:
    """A harmless display name with the extension the content really has."""
    stem = PurePath((name or "").replace("\\", "/")).name
    stem = unicodedata.normalize("NFKC", stem)
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    stem = _UNSAFE_NAME_CHARS.sub("_", stem).strip(" ._") or "anhang"
    return f"{stem[:80]}.{extension}"


def _refuse(name: str, message) -> ValidationError:
    return ValidationError(
        _("“%(name)s”: %(problem)s"),
        code="invalid_attachment",
        params={"name": name, "problem": message},
    )


def _clean_pdf(data: bytes, name: str) -> CleanFile:
    if any(marker in data for marker in PDF_ACTIVE_CONTENT):
        raise _refuse(
            name,
            _(
                "this PDF contains scripts or embedded files, which are not "
                "accepted. Print it to a new PDF or send a screenshot instead."
            ),
        )
    return CleanFile(sanitise_filename(name, "pdf"), data, _CONTENT_TYPES["pdf"])


def _clean_image(data: bytes, name: str) -> CleanFile:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                if image_format not in _IMAGE_FORMATS:
                    raise UnidentifiedImageError(image_format)
                if probe.width * probe.height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise _refuse(
            name,
            _("the file is not a readable %(types)s file.")
            % {"types": ALLOWED_DESCRIPTION},
        ) from exc
    extension = _IMAGE_FORMATS[image_format]
    output = io.BytesIO()
    if extension == "png":
        image.save(output, format="PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(output, format="JPEG", quality=88)
    return CleanFile(
        sanitise_filename(name, extension), output.getvalue(), _CONTENT_TYPES[extension]
    )


def clean_upload(upload: UploadedFile) -> CleanFile:
    """Check one uploaded file by its content; raise ValidationError if refused."""
    name = upload.name or ""
    if upload.size is not None and upload.size > MAX_FILE_SIZE:
        raise _refuse(
            name,
            _("the file is %(size)s; at most %(max)s are allowed per file.")
            % {
                "size": filesizeformat(upload.size),
                "max": filesizeformat(MAX_FILE_SIZE),
            },
        )
    upload.seek(0)
    data = upload.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise _refuse(
            name,
            _("the file is larger than %(max)s.")
            % {"max": filesizeformat(MAX_FILE_SIZE)},
        )
    if not data:
        raise _refuse(name, _("the file is empty."))
    if data.startswith(PDF_SIGNATURE):
        return _clean_pdf(data, name)
    return _clean_image(data, name)


def clean_uploads(uploads: list[UploadedFile]) -> list[CleanFile]:
    """Check every file; report all refused files at once."""
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            _("Attach at most %(max)d files; you chose %(count)d.")
            % {"max": MAX_FILES, "count": len(uploads)},
            code="too_many_files",
        )
    cleaned, errors = [], []
    for upload in uploads:
        try:
            cleaned.append(clean_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    return cleaned
