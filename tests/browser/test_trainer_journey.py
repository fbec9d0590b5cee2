"""Journey 3: a trainer logs in with a TOTP code, edits and publishes a course in
/cms/, adds a session, uploads a participant-only document; an anonymous visitor
can not download it, the confirmed teacher can; after a session the trainer records
attendance and the teacher downloads her certificate, whose code verifies."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.utils import timezone
from pypdf import PdfReader

from courses.models import CourseMaterial, CoursePage, CourseSession, Registration
from portal import roles
from tests.browser.conftest import check_accessibility, log_in
from tests.courses.factories import make_course_page, make_course_session, register
from tests.factories import TEST_PASSWORD, UserFactory

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TEASER = "Präsentationen gestalten, die Schülerinnen und Schüler fesseln."
HANDOUT = b"%PDF-1.4\n% Handout fuer Teilnehmende\n%%EOF\n"


def current_code() -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(SECRET, counters[len(counters) // 2]))


@pytest.fixture
def cast(db, school):
    trainer = UserFactory(
        school=None,
        roles=[roles.TRAINER],
        full_name="Tara Trainerin",
        email="tara@it.example",
    )
    TOTP.activate(trainer, SECRET)
    teacher = UserFactory(
        full_name="Lea Lehrerin", email="lea@schule.example", school=school
    )
    course = make_course_page(title="Keynote im Unterricht", trainers=[trainer])
    # A session that began two hours ago and is over; the teacher was confirmed.
    past = make_course_session(course, days=-2 / 24, minutes=90, trainer=trainer)
    registration = register(past, teacher)
    return trainer, teacher, course, past, registration


def test_trainer_publishes_course_session_material_and_attendance(
    new_page, live_server, cast, tmp_path, settings
):
    trainer, teacher, course, past, registration = cast
    # One 30-second step of grace: on a loaded machine the code may be typed in
    # one step and checked in the next (the production setting is stricter).
    settings.MFA_TOTP_TOLERANCE = 1
    page = new_page("desktop")

    # Log in: password, then the code of the authenticator app.
    log_in(page, trainer.email, TEST_PASSWORD)
    assert "/2fa/" in page.url, page.url
    check_accessibility(page, "mfa-authenticate")
    page.locator("#id_code").fill(current_code())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")

    # Edit the teaser and publish (Publish sits in the footer's dropdown).
    page.goto(f"/cms/pages/{course.pk}/edit/")
    page.locator("#id_teaser").fill(TEASER)
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_load_state("load")
    course.refresh_from_db()
    assert course.teaser == TEASER and not course.has_unpublished_changes

    # Add a session of this course.
    start = timezone.localtime() + timedelta(days=21)
    page.goto(f"/cms/course-sessions/new/?course={course.pk}")
    page.locator("#id_start").fill(start.strftime("%Y-%m-%d 09:00"))
    page.locator("#id_end").fill(start.strftime("%Y-%m-%d 10:30"))
    page.locator("#id_capacity").fill("12")
    page.locator("#id_trainer").select_option(str(trainer.pk))
    page.locator("#id_meeting_url").fill("https://meet.example/keynote")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    added = CourseSession.objects.exclude(pk=past.pk).get(course=course)
    assert added.capacity == 12 and timezone.localtime(added.start).hour == 9

    # Upload a participant-only handout through the materials panel's chooser.
    handout = tmp_path / "handout-keynote.pdf"
    handout.write_bytes(HANDOUT)
    page.goto(f"/cms/pages/{course.pk}/edit/")
    page.locator("#id_materials-ADD").click()
    page.locator("#id_materials-0-title").fill("Handout Keynote")
    page.locator("#id_materials-0-visibility").select_option("participants")
    page.locator(
        "#id_materials-0-document-chooser [data-chooser-action-choose]"
    ).first.click()
    modal = page.locator(".modal-dialog")
    modal.locator("a[href='#tab-upload'], [data-tab-trigger='upload']").first.click()
    modal.locator("#id_document-chooser-upload-title").fill("Handout Keynote")
    modal.locator("#id_document-chooser-upload-file").set_input_files(str(handout))
    # Trainers may upload into "Kursmaterial" only: the form offers no other.
    assert modal.locator("#id_document-chooser-upload-collection").count() == 0
    modal.locator("form button[type=submit]").last.click()
    page.locator("#id_materials-0-document-chooser .chooser__title").wait_for()
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_load_state("load")
    material = CourseMaterial.objects.get(course=course)
    assert material.visibility == CourseMaterial.Visibility.PARTICIPANTS
    assert material.document.collection.name == "Kursmaterial"
    document_url = material.document.url

    # Anonymous visitors get neither the material route nor Wagtail's own.
    anonymous = new_page("phone")
    anonymous.goto(CoursePage.objects.get(pk=course.pk).url)
    assert anonymous.get_by_text(TEASER).count() >= 1
    for path in (f"/kursmaterial/{material.pk}/", document_url):
        response = anonymous.request.get(path)
        assert response.status in (403, 404), (path, response.status)
        assert HANDOUT not in response.body()

    # The trainer records attendance of the session that is over.
    page.goto(f"/kurse/termine/{past.pk}/teilnehmende/")
    check_accessibility(page, "trainer-participants-attendance")
    page.locator(f"input[name=r{registration.pk}][value='1']").check()
    page.get_by_role("button", name="Anwesenheit speichern").click()
    page.wait_for_load_state("load")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert registration.certificate_code

    # The teacher: the handout, then the certificate, then its verification.
    teacher_page = new_page("phone")
    log_in(teacher_page, teacher.email, TEST_PASSWORD)
    response = teacher_page.request.get(f"/kursmaterial/{material.pk}/")
    assert response.status == 200 and response.body() == HANDOUT
    teacher_page.goto("/meine-fortbildungen/")
    with teacher_page.expect_download() as download_info:
        teacher_page.locator("a[href$='bescheinigung.pdf']").first.click()
    pdf = download_info.value.path().read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Lea Lehrerin" in text and registration.certificate_code in text

    verify = new_page("phone")
    verify.goto("/bescheinigung/pruefen/")
    verify.locator("main input[name=code]").fill(registration.certificate_code)
    verify.locator("main form button[type=submit]").click()
    verify.wait_for_load_state("load")
    assert verify.get_by_text("Diese Bescheinigung ist gültig.").count() == 1
    assert verify.get_by_text("Keynote im Unterricht").count() >= 1
    assert "Lea Lehrerin" not in verify.content()
