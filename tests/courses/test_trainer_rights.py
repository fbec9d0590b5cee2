"""Trainers in the CMS: their courses and sessions, nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from courses.models import CoursePage, CourseSession
from home.models import HomePage
from tests.courses.factories import make_course_session, register

pytestmark = pytest.mark.django_db

SESSIONS = "/cms/course-sessions/"


def _when(days: float) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def session_post(course, **changes) -> dict:
    data = {
        "course": course.pk,
        "start": _when(7),
        "end": _when(7.1),
        "capacity": 15,
        "meeting_url": "https://meet.example/neu",
        "trainer": "",
        "booking_deadline": "",
        "cancellation_deadline": "",
        "state": "scheduled",
        "internal_note": "",
    }
    data.update(changes)
    return data


def test_trainer_edits_and_publishes_own_course(client, trainer, own_course):
    client.force_login(trainer)
    assert client.get(f"/cms/pages/{own_course.pk}/edit/").status_code == 200
    page = own_course.get_latest_revision_as_object()
    assert page.permissions_for_user(trainer).can_publish()
    assert own_course.get_parent().permissions_for_user(trainer).can_add_subpage()


def test_trainer_can_not_edit_the_home_page(client, trainer, catalogue):
    home = HomePage.objects.get()
    client.force_login(trainer)
    response = client.get(f"/cms/pages/{home.pk}/edit/")
    assert response.status_code in (302, 403)
    assert not home.permissions_for_user(trainer).can_edit()


def test_teacher_has_no_cms_rights_on_courses(teacher, own_course):
    assert not own_course.permissions_for_user(teacher).can_edit()


def test_trainer_lists_only_sessions_of_own_courses(
    client, trainer, own_course, foreign_course
):
    mine = make_course_session(own_course)
    theirs = make_course_session(foreign_course)
    client.force_login(trainer)
    response = client.get(SESSIONS)
    assert response.status_code == 200
    listed = {s.pk for s in response.context["object_list"]}
    assert mine.pk in listed and theirs.pk not in listed


def test_trainer_can_not_open_or_delete_another_trainers_session(
    client, trainer, foreign_course
):
    theirs = make_course_session(foreign_course)
    client.force_login(trainer)
    assert client.get(f"{SESSIONS}edit/{theirs.pk}/").status_code == 404
    assert client.post(f"{SESSIONS}delete/{theirs.pk}/").status_code == 404
    assert client.get(f"{SESSIONS}history/{theirs.pk}/").status_code == 404
    assert CourseSession.objects.filter(pk=theirs.pk).exists()


def test_trainer_adds_session_to_own_course_and_it_is_logged(
    client, trainer, own_course
):
    client.force_login(trainer)
    form = client.get(f"{SESSIONS}new/", {"course": own_course.pk})
    assert form.status_code == 200
    response = client.post(f"{SESSIONS}new/", session_post(own_course))
    assert response.status_code == 302
    session = own_course.sessions.get()
    assert session.capacity == 15
    assert session.booking_deadline == session.start - timedelta(hours=24)
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(object_id=str(session.pk))
    assert entry.user == trainer and entry.action == "wagtail.create"


def test_trainer_can_not_add_session_to_foreign_course(
    client, trainer, own_course, foreign_course
):
    client.force_login(trainer)
    response = client.post(f"{SESSIONS}new/", session_post(foreign_course))
    assert response.status_code == 200  # the form again, with an error
    assert "course" in response.context["form"].errors
    assert not foreign_course.sessions.exists()


def test_capacity_floor_error_in_the_admin(client, trainer, own_course, teacher):
    session = make_course_session(own_course, capacity=5)
    register(session, teacher)
    client.force_login(trainer)
    response = client.post(
        f"{SESSIONS}edit/{session.pk}/",
        session_post(
            own_course,
            start=timezone.localtime(session.start).strftime("%Y-%m-%d %H:%M"),
            end=timezone.localtime(session.end).strftime("%Y-%m-%d %H:%M"),
            capacity=0,
        ),
    )
    assert response.status_code == 200
    assert "1 Person bestätigt" in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 5


def test_session_with_registrations_is_cancelled_not_deleted(
    client, trainer, own_course, teacher
):
    session = make_course_session(own_course)
    register(session, teacher)
    client.force_login(trainer)
    response = client.post(f"{SESSIONS}delete/{session.pk}/", follow=True)
    assert "kann nicht gelöscht werden" in response.content.decode()
    assert CourseSession.objects.filter(pk=session.pk).exists()


def test_trainer_deletes_session_without_registrations(client, trainer, own_course):
    session = make_course_session(own_course)
    client.force_login(trainer)
    assert client.post(f"{SESSIONS}delete/{session.pk}/").status_code == 302
    assert not CourseSession.objects.filter(pk=session.pk).exists()


def test_admin_manages_every_session(client, admin, foreign_course):
    theirs = make_course_session(foreign_course)
    client.force_login(admin)
    assert client.get(f"{SESSIONS}edit/{theirs.pk}/").status_code == 200


def test_trainer_creates_a_course_in_the_catalogue(client, trainer, catalogue):
    client.force_login(trainer)
    url = f"/cms/pages/add/courses/coursepage/{catalogue.pk}/"
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Neuer Kurs",
            "slug": "neuer-kurs",
            "teaser": "Kurz und gut.",
            "topic": "iserv",
            "level": "beginner",
            "duration_minutes": 60,
            "learning_goals": rich_text("<p>Ziel</p>"),
            "prerequisites": rich_text(""),
            "body": streamfield([]),
            "materials": inline_formset([]),
            "action-publish": "publish",
        }
    )
    data["trainers"] = [trainer.pk]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    course = CoursePage.objects.get(slug="neuer-kurs")
    assert course.live and list(course.trainers.all()) == [trainer]
    assert PageLogEntry.objects.filter(
        page=course, user=trainer, action="wagtail.publish"
    ).exists()


def test_explorer_offers_session_buttons_on_own_courses_only(
    client, trainer, own_course, foreign_course, catalogue
):
    client.force_login(trainer)
    body = client.get(f"/cms/pages/{catalogue.pk}/").content.decode()
    assert f"{SESSIONS}new/?course={own_course.pk}" in body
    assert f"{SESSIONS}new/?course={foreign_course.pk}" not in body
    edit = client.get(f"/cms/pages/{own_course.pk}/edit/").content.decode()
    assert f"{SESSIONS}?course={own_course.pk}" in edit


def _edit(client, session, **changes):
    local = timezone.localtime
    data = {
        "start": local(session.start).strftime("%Y-%m-%d %H:%M"),
        "end": local(session.end).strftime("%Y-%m-%d %H:%M"),
        "capacity": session.capacity,
        **changes,
    }
    return client.post(
        f"{SESSIONS}edit/{session.pk}/", session_post(session.course, **data)
    )


def test_more_seats_in_the_admin_fill_from_the_waiting_list(
    client, trainer, own_course, teacher, colleague
):
    session = make_course_session(own_course, capacity=1)
    register(session, teacher)
    waiting = register(session, colleague, status="waitlisted")
    client.force_login(trainer)
    assert _edit(client, session, capacity=2).status_code == 302
    waiting.refresh_from_db()
    session.refresh_from_db()
    assert session.capacity == 2
    assert waiting.status == "confirmed"


def test_cancelling_in_the_admin_cancels_the_registrations(
    client, trainer, own_course, teacher
):
    session = make_course_session(own_course)
    registration = register(session, teacher)
    client.force_login(trainer)
    assert _edit(client, session, state="cancelled").status_code == 302
    session.refresh_from_db()
    registration.refresh_from_db()
    assert session.state == "cancelled"
    assert registration.status == "cancelled"


def test_a_past_session_can_not_be_cancelled(client, trainer, own_course):
    session = make_course_session(own_course, days=-3)
    client.force_login(trainer)
    response = _edit(client, session, state="cancelled")
    assert response.status_code == 200
    assert "nicht mehr abgesagt" in response.content.decode()
