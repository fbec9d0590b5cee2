"""A course page's session list, materials and JSON-LD are kept for all visitors
until something that shows there changes (courses/fragments.py); every visitor's
booking box and the participant material stay her own and current."""

import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document

from courses import booking, fragments
from courses.booking_display import open_actions
from courses.cms_permissions import get_material_collection
from courses.models import CourseMaterial, Registration
from portal import derived
from tests.courses.factories import make_course_page, make_course_session, register
from tests.queries import get_counting_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalogue, trainer):
    return make_course_page(title="Keynote im Unterricht", trainers=[trainer])


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the invalidations) of the block's changes."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def renders():
    """Counts how often the shared session list is really rendered."""
    with mock.patch.object(
        fragments,
        "_render_course_sessions",
        wraps=fragments._render_course_sessions,
    ) as render:
        yield render


def _body(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _seats(body: str) -> list[str]:
    return re.findall(r"(\d+) (?:Plätze|Platz) frei", body)


def _json_ld(body: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body)
    return json.loads(match.group(1))


def _book_url(session) -> str:
    return reverse("courses:book_session", args=[session.pk])


def test_the_list_is_rendered_once_and_each_teacher_gets_her_own_box(
    client, course, teacher, colleague, renders
):
    session = make_course_session(course, capacity=5)
    registration = register(session, teacher)
    client.force_login(teacher)
    mine = _body(client, course.url)
    client.force_login(colleague)
    theirs = _body(client, course.url)
    assert renders.call_count == 1
    assert _seats(mine) == _seats(theirs) == ["4"]
    cancel_url = reverse("courses:cancel_registration", args=[registration.pk])
    assert "Sie sind angemeldet" in mine and cancel_url in mine
    assert _book_url(session) not in mine
    assert "Sie sind angemeldet" not in theirs and cancel_url not in theirs
    assert f'action="{_book_url(session)}"' in theirs


def test_a_booking_shows_at_once(client, course, teacher, colleague, committed):
    session = make_course_session(course, capacity=5)
    client.force_login(teacher)
    assert _seats(_body(client, course.url)) == ["5"]
    with committed():
        booking.book_session(session=session, teacher=colleague)
    assert _seats(_body(client, course.url)) == ["4"]


def test_a_cancellation_and_a_promotion_show_at_once(
    client, course, teacher, colleague, other_school_teacher, committed
):
    session = make_course_session(course, capacity=1)
    first = booking.book_session(session=session, teacher=colleague)
    waiting = booking.book_session(session=session, teacher=teacher)
    client.force_login(teacher)
    body = _body(client, course.url)
    assert "ausgebucht" in body and "Position 1" in body
    with committed():
        booking.cancel_registration(registration=first, by=colleague)
    body = _body(client, course.url)
    assert "Position 1" not in body
    assert reverse("courses:cancel_registration", args=[waiting.pk]) in body
    assert "Sie sind angemeldet" in body
    with committed():
        booking.cancel_registration(registration=waiting, by=teacher)
    client.force_login(other_school_teacher)
    assert _seats(_body(client, course.url)) == ["1"]


def test_session_changes_show_at_once(client, course, teacher, trainer, committed):
    session = make_course_session(course, days=5, capacity=5)
    client.force_login(teacher)
    assert _seats(_body(client, course.url)) == ["5"]
    with committed():
        later = make_course_session(course, days=9, capacity=7)
    assert _seats(_body(client, course.url)) == ["5", "7"]
    with committed():
        booking.change_capacity(session=session, capacity=6, by=trainer)
    assert _seats(_body(client, course.url)) == ["6", "7"]
    with committed():
        booking.cancel_session(session=later, by=trainer)
    body = _body(client, course.url)
    assert _seats(body) == ["6"] and "abgesagt" in body
    with committed():
        later.delete()
    assert "abgesagt" not in _body(client, course.url)


def test_a_session_moved_to_another_course_leaves_its_list(
    client, course, teacher, committed
):
    other = make_course_page(title="iServ Kalender")
    session = make_course_session(course, capacity=5)
    client.force_login(teacher)
    assert _seats(_body(client, course.url)) == ["5"]
    with committed():
        session.course = other
        session.save()
    assert _seats(_body(client, course.url)) == []
    assert _seats(_body(client, other.url)) == ["5"]


def test_a_published_change_shows_in_the_json_ld(client, course, teacher, committed):
    make_course_session(course)
    client.force_login(teacher)
    assert _json_ld(_body(client, course.url))["name"] == "Keynote im Unterricht"
    course.title = "Keynote für Fortgeschrittene"
    with committed():
        course.save_revision().publish()
    assert _json_ld(_body(client, course.url))["name"] == "Keynote für Fortgeschrittene"


def test_a_trainers_new_name_shows_at_once_a_login_renders_nothing(
    client, course, teacher, trainer, committed, renders
):
    make_course_session(course, trainer=trainer)
    client.force_login(teacher)
    assert "Tara Trainerin" in _body(client, course.url)
    with committed():
        trainer.last_login = timezone.now()
        trainer.save(update_fields=["last_login"])
    _body(client, course.url)
    assert renders.call_count == 1
    with committed():
        trainer.full_name = "Tara Neumann"
        trainer.save()
    body = _body(client, course.url)
    assert "Tara Neumann" in body and "Tara Trainerin" not in body.split("<h2")[2]


def _material(course, visibility, title, name="handout.pdf") -> CourseMaterial:
    document = Document(title=title, collection=get_material_collection())
    document.file.save(name, ContentFile(b"%PDF-1.4 test"))
    document.save()
    return CourseMaterial.objects.create(
        course=course, title=title, document=document, visibility=visibility
    )


def test_material_changes_show_at_once(client, course, teacher, committed):
    client.force_login(teacher)
    assert "Checkliste" not in _body(client, course.url)
    with committed():
        material = _material(course, CourseMaterial.Visibility.PUBLIC, "Checkliste")
    assert "Checkliste" in _body(client, course.url)
    with committed():
        material.document.file.save("checkliste.docx", ContentFile(b"PK test"))
        material.document.save()
    assert "(DOCX)" in _body(client, course.url)
    with committed():
        material.document.delete()
    assert "(DOCX)" not in _body(client, course.url)
    with committed():
        material.delete()
    assert "Checkliste" not in _body(client, course.url)


def test_participant_material_follows_the_teachers_own_booking(
    client, course, teacher, renders
):
    session = make_course_session(course)
    _material(course, CourseMaterial.Visibility.PARTICIPANTS, "Handout")
    client.force_login(teacher)
    body = _body(client, course.url)
    assert "Handout" not in body and "1 weiteres Material" in body
    # No commit: the teacher's own registrations are read on every request.
    registration = register(session, teacher)
    body = _body(client, course.url)
    assert "Handout" in body and "1 weiteres Material" not in body
    registration.status = Registration.Status.CANCELLED
    registration.save()
    assert "Handout" not in _body(client, course.url)
    assert renders.call_count == 1


def test_a_session_that_ended_moves_to_the_past_by_itself(
    client, course, teacher, monkeypatch
):
    soon = make_course_session(course, days=1)
    make_course_session(course, days=9)
    client.force_login(teacher)
    response = client.get(course.url)
    assert [s.pk for s in response.context["past_sessions"]] == []
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=2))
    response = client.get(course.url)
    assert [s.pk for s in response.context["past_sessions"]] == [soon.pk]
    assert len(response.context["upcoming_sessions"]) == 1
    assert _book_url(soon) not in response.content.decode()


def test_booking_boxes_follow_the_clock_without_a_new_list(
    client, course, teacher, renders, monkeypatch
):
    session = make_course_session(course, days=3)
    client.force_login(teacher)
    assert _book_url(session) in _body(client, course.url)
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=2.5))
    body = _body(client, course.url)
    assert _book_url(session) not in body
    assert "Für diesen Termin ist die Buchung geschlossen." in body
    assert renders.call_count == 1


def test_a_preview_is_never_kept(course, teacher):
    make_course_session(course)
    request = RequestFactory().get(course.url)
    request.user = teacher
    course.title = "Entwurf: neuer Titel"
    request.is_preview = True
    part = fragments.course_sessions_part(page=course, request=request)
    assert "Entwurf: neuer Titel" in part.json_ld
    request.is_preview = False
    course.title = "Keynote im Unterricht"
    part = fragments.course_sessions_part(page=course, request=request)
    assert "Entwurf" not in part.json_ld


def test_an_unreachable_cache_renders_the_list(client, course, teacher, monkeypatch):
    make_course_session(course, capacity=3)

    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache server down")

            return fail

    monkeypatch.setattr(derived, "cache", Down())
    monkeypatch.setattr(fragments, "cache", Down())
    client.force_login(teacher)
    assert _seats(_body(client, course.url)) == ["3"]


def test_a_teachers_course_page_costs_few_queries(client, course, teacher, trainer):
    for day in (3, 5, -3):
        session = make_course_session(course, days=day, trainer=trainer)
    register(session, teacher, status="attended")
    client.force_login(teacher)
    client.get(course.url)
    response, queries = get_counting_queries(client, course.url)
    assert response.status_code == 200
    # The user, the page, its ancestors and view restrictions, the user's roles
    # and her registrations on the course; the sessions and materials are kept.
    assert queries <= 6


def test_the_kept_book_box_is_the_rendered_box(client, course, teacher):
    make_course_session(course, capacity=1)
    client.force_login(teacher)
    url = course.url + '?from="x"&y=<b>'
    response = client.get(url)
    body = response.content.decode()
    (box,) = re.findall(r'<div class="session-actions">.*?</div>', body, re.DOTALL)
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', box).group(1)
    (session,) = response.context["upcoming_sessions"]
    rendered = fragments.render_booking_box(
        session,
        open_actions(session),
        csrf_token=token,
        next_url=response.wsgi_request.get_full_path(),
    )
    assert box == rendered.strip()
    assert "Warteliste" not in box
    assert "&amp;y=" in box


@pytest.mark.parametrize(
    ("who", "runs"),
    [
        ("trainer", True),
        ("admin", True),
        ("other_trainer", False),
        ("teacher", False),
        ("coordinator", False),
    ],
)
def test_the_participants_link_is_for_those_who_run_the_session(
    client, request, course, who, runs
):
    session = make_course_session(course)
    client.force_login(request.getfixturevalue(who))
    url = reverse("courses:session_participants", args=[session.pk])
    assert (url in _body(client, course.url)) is runs


def test_the_sessions_own_trainer_gets_the_participants_link(
    client, catalogue, trainer, other_trainer
):
    course = make_course_page(title="iServ Kalender", trainers=[trainer])
    own = make_course_session(course, days=3, trainer=other_trainer)
    other = make_course_session(course, days=6, trainer=trainer)
    client.force_login(other_trainer)
    body = _body(client, course.url)
    assert reverse("courses:session_participants", args=[own.pk]) in body
    assert reverse("courses:session_participants", args=[other.pk]) not in body


def test_every_visitor_gets_her_own_box_from_one_kept_list(
    client, course, teacher, trainer, renders
):
    session = make_course_session(course, days=3)
    later = make_course_session(course, days=10)
    register(session, teacher)
    body = _body(client, course.url)
    assert f"{reverse('account_login')}?next={course.url}" in body
    client.force_login(trainer)
    assert "Lehrkräfte einer Schule können diesen Termin buchen." in _body(
        client, course.url
    )
    client.force_login(teacher)
    body = _body(client, course.url)
    assert "Sie sind für diese Fortbildung am" in body
    assert _book_url(later) not in body
    assert renders.call_count == 1
