"""Certificates of attendance (Teilnahmebescheinigung) as PDF, and their check.

The PDF is drawn with ReportLab: pure Python (no system libraries to install on a
server), maintained for over 20 years, and it embeds TrueType fonts with Unicode.
We embed Bitstream Vera, which ReportLab ships in its own package, so the file
looks the same on every machine and umlauts, ß and Turkish letters render; a
letter the font lacks is written without its accent rather than as a box.

Each attended registration has a random code; the public check page says only
whether a code is valid and for which course and date.
"""

from __future__ import annotations

import io
import unicodedata
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

if TYPE_CHECKING:
    from courses.models import Registration

FONT = "PortalVera"
FONT_BOLD = "PortalVeraBold"


def _register_fonts() -> TTFont:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, "VeraBd.ttf"))
    return pdfmetrics.getFont(FONT)


def _printable(text: str, font: TTFont) -> str:
    """Keep what the font can draw; strip accents from letters it lacks."""
    glyphs = font.face.charToGlyph
    out = []
    for char in text:
        if ord(char) in glyphs or char in "\n\t":
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)
        out.append("".join(c for c in base if ord(c) in glyphs) or "?")
    return "".join(out)


def learning_goal_lines(html: str) -> list[str]:
    """The learning goals (rich text) as plain lines, one per list item."""
    text = html.replace("</li>", "\n").replace("</p>", "\n").replace("<br/>", "\n")
    return [line.strip() for line in strip_tags(text).splitlines() if line.strip()]


def verification_url() -> str:
    return settings.SITE_URL + reverse("courses:verify_certificate")


def _wrap(text: str, font_name: str, size: float, width: float) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font_name, size) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def certificate_pdf(registration: Registration) -> bytes:
    """The certificate of an attended registration as PDF bytes."""
    font = _register_fonts()
    session, teacher = registration.session, registration.teacher
    course = session.course
    with translation.override(teacher.preferred_language):
        buffer = io.BytesIO()
        pdf = Canvas(buffer, pagesize=A4, pageCompression=1)
        pdf.setTitle(_printable(_("Certificate of attendance"), font))
        pdf.setAuthor(settings.WAGTAIL_SITE_NAME)
        width, height = A4
        left, right, y = 25 * mm, width - 25 * mm, height - 35 * mm

        def line(text: str, *, size: float = 11, bold: bool = False, gap=6) -> None:
            nonlocal y
            name = FONT_BOLD if bold else FONT
            for part in _wrap(_printable(text, font), name, size, right - left):
                pdf.setFont(name, size)
                pdf.drawString(left, y, part)
                y -= size + gap * 0.5
            y -= gap

        local_start = timezone.localtime(session.start)
        local_end = timezone.localtime(session.end)
        line(settings.WAGTAIL_SITE_NAME, size=10, gap=22)
        line(_("Certificate of attendance"), size=22, bold=True, gap=14)
        line(teacher.display_name, size=16, bold=True, gap=2)
        if registration.school_id:
            line(registration.school.name, gap=12)
        line(_("took part in the online course"), gap=4)
        line(course.title, size=15, bold=True, gap=10)
        line(
            _("Date: %(date)s, %(start)s – %(end)s")
            % {
                "date": formats.date_format(local_start, "DATE_FORMAT"),
                "start": formats.time_format(local_start, "TIME_FORMAT"),
                "end": formats.time_format(local_end, "TIME_FORMAT"),
            },
            gap=2,
        )
        minutes = int((session.end - session.start).total_seconds() // 60)
        line(_("Duration: %(minutes)d minutes") % {"minutes": minutes}, gap=2)
        if session.trainer_id:
            line(_("Trainer: %(name)s") % {"name": session.trainer.display_name})
        goals = learning_goal_lines(course.learning_goals or "")
        if goals:
            y -= 4
            line(_("Learning goals"), size=12, bold=True, gap=2)
            for goal in goals:
                line(f"• {goal}", size=10.5, gap=1)
        if y < 70 * mm:  # long learning goals: the footer goes on a second page
            pdf.showPage()
        y = 55 * mm
        line(
            _("Verification code: %(code)s") % {"code": registration.certificate_code},
            size=12,
            bold=True,
            gap=2,
        )
        line(
            _("Check this certificate at %(url)s")
            % {"url": f"{verification_url()}?code={registration.certificate_code}"},
            size=9,
        )
        issued = formats.date_format(timezone.localdate(), "DATE_FORMAT")
        line(_("Issued on %(date)s") % {"date": issued}, size=9)
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()


def normalise_code(raw: str) -> str:
    """Accept codes typed with spaces, lower case or without dashes."""
    chars = "".join(c for c in raw.upper() if c.isalnum())
    if len(chars) != 12:
        return ""
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


def find_certificate(raw_code: str) -> Registration | None:
    """The attended registration a code belongs to, or None."""
    from courses.models import Registration

    code = normalise_code(raw_code)
    if not code:
        return None
    return (
        Registration.objects.select_related("session__course")
        .filter(certificate_code=code, status=Registration.Status.ATTENDED)
        .first()
    )
