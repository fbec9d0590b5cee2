"""Objects the security suite probes: one of each kind that a URL can name.

The courses app has no shared test factories, so the few builders needed here
live in this module; support objects come from `tests/support/factories.py`.
"""

from __future__ import annotations

import io
import secrets
from datetime import timedelta
from itertools import count

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from wagtail.documents.models import Document
from wagtail.models import Page

from courses.models import (
    CalendarFeed,
    CourseIndexPage,
    CourseMaterial,
    CoursePage,
    CourseSession,
    Registration,
)

_numbers = count(1)

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    """A small, valid PNG image."""
    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, format="PNG")
    return output.getvalue()


def catalogue() -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        home = Page.objects.get(depth=2)
        index = home.add_child(instance=CourseIndexPage(title="Kurse", slug="kurse"))
        # As after creating it in the CMS: trainers get their rights on it.
        from courses.cms_permissions import ensure_cms_permissions

        ensure_cms_permissions()
    return index


def make_course(*, trainers=(), title: str = "Keynote im Unterricht", **fields):
    """A live course page under the catalogue, with `trainers` named on it."""
    n = next(_numbers)
    course = catalogue().add_child(
        instance=CoursePage(
            title=title,
            slug=f"sicherheit-kurs-{n}",
            teaser=fields.pop("teaser", "Präsentationen mit dem iPad gestalten."),
            topic="ipad",
            learning_goals=fields.pop("learning_goals", "<ul><li>Folien</li></ul>"),
            duration_minutes=90,
            **fields,
        )
    )
    if trainers:
        course.trainers.set(trainers)
    course.save_revision().publish()
    return course


def make_session(course, *, days: float = 7, trainer=None, **extra) -> CourseSession:
    start = timezone.now() + timedelta(days=days)
    return CourseSession.objects.create(
        course=course,
        start=start,
        end=start + timedelta(hours=1.5),
        capacity=extra.pop("capacity", 10),
        meeting_url="https://meet.example/geheimer-raum",
        trainer=trainer,
        booking_deadline=extra.pop("booking_deadline", start - timedelta(hours=1)),
        cancellation_deadline=extra.pop(
            "cancellation_deadline", start - timedelta(hours=1)
        ),
        **extra,
    )


def make_registration(session, teacher, status: str = "confirmed") -> Registration:
    fields = {}
    if status == Registration.Status.WAITLISTED:
        fields["waitlisted_at"] = timezone.now()
    if status == Registration.Status.ATTENDED:
        raw = f"SEC{next(_numbers):09d}"
        fields["certificate_code"] = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
    return Registration.objects.create(
        session=session, teacher=teacher, school=teacher.school, status=status, **fields
    )


def make_document(title: str = "Handout", *, collection=None) -> Document:
    from courses.cms_permissions import get_material_collection

    document = Document(title=title, collection=collection or get_material_collection())
    document.file.save(f"{title.lower()}.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


def make_material(course, *, visibility: str, title: str = "Handout"):
    material = CourseMaterial.objects.create(
        course=course,
        title=title,
        document=make_document(title),
        visibility=visibility,
    )
    return material


def make_feed(user) -> CalendarFeed:
    return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
