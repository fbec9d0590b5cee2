"""A course page: sessions, seats, JSON-LD, materials; never the meeting link."""

import json
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime
from wagtail.documents.models import Document

from courses.cms_permissions import get_material_collection
from courses.models import CourseMaterial
from tests.courses.factories import make_course_page, make_course_session, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalogue, trainer):
    return make_course_page(title="Keynote im Unterricht", trainers=[trainer])


def json_ld(body: str) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', body, re.DOTALL
    )
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_sessions_upcoming_first_and_past_collapsed(client, course, trainer):
    later = make_course_session(course, days=20, trainer=trainer)
    sooner = make_course_session(course, days=2, capacity=4)
    past = make_course_session(course, days=-10)
    response = client.get(course.url)
    body = response.content.decode()
    assert [s.pk for s in response.context["upcoming_sessions"]] == [
        sooner.pk,
        later.pk,
    ]
    assert [s.pk for s in response.context["past_sessions"]] == [past.pk]
    details = body.index('<details class="past-sessions">')
    assert body.index(localtime(sooner.start).isoformat()[:16]) < details
    assert body.index(localtime(past.start).isoformat()[:16]) > details
    assert "4 Plätze frei" in body
    assert "Tara Trainerin" in body


def test_meeting_link_is_never_on_the_public_page(client, course, teacher):
    session = make_course_session(course, meeting_url="https://meet.example/xyz-123")
    register(session, teacher)
    client.force_login(teacher)  # even a confirmed participant
    body = client.get(course.url).content.decode()
    assert "xyz-123" not in body


def test_cancelled_session_is_marked_and_not_in_json_ld(client, course):
    make_course_session(course, days=5, state="cancelled")
    kept = make_course_session(course, days=9)
    body = client.get(course.url).content.decode()
    assert "abgesagt" in body
    data = json_ld(body)
    assert data["@type"] == "Course"
    assert data["name"] == "Keynote im Unterricht"
    assert [i["startDate"] for i in data["hasCourseInstance"]] == [
        localtime(kept.start).isoformat()
    ]
    assert data["hasCourseInstance"][0]["@type"] == "CourseInstance"


def test_json_ld_cannot_break_out_of_its_script(client, catalogue):
    course = make_course_page(title="Tags </script><script>alert(1)</script>")
    body = client.get(course.url).content.decode()
    assert "</script><script>alert(1)" not in body
    assert json_ld(body)["name"].startswith("Tags </script>")


def test_course_without_sessions_says_so(client, course):
    body = client.get(course.url).content.decode()
    assert "Zurzeit ist kein Termin geplant" in body
    assert "<details" not in body


def _material(course, visibility, title):
    document = Document(title=title, collection=get_material_collection())
    document.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4 test"))
    document.save()
    return CourseMaterial.objects.create(
        course=course, title=title, document=document, visibility=visibility
    )


def test_participant_materials_are_listed_to_participants_only(
    client, course, teacher, colleague
):
    _material(course, CourseMaterial.Visibility.PUBLIC, "Checkliste")
    _material(course, CourseMaterial.Visibility.PARTICIPANTS, "Handout")
    register(make_course_session(course), teacher)

    anonymous = client.get(course.url).content.decode()
    assert "Checkliste" in anonymous and "Handout" not in anonymous
    assert "1 weiteres Material steht Teilnehmenden" in anonymous

    client.force_login(colleague)
    assert "Handout" not in client.get(course.url).content.decode()

    client.force_login(teacher)
    assert "Handout" in client.get(course.url).content.decode()


def test_course_page_queries_do_not_grow_with_sessions(
    client, course, trainer, django_assert_max_num_queries
):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(course.url).status_code == 200
        return len(ctx.captured_queries)

    make_course_session(course, days=3, trainer=trainer)
    make_course_session(course, days=-3, trainer=trainer)
    client.get(course.url)
    few = count()
    for day in range(4, 14):
        make_course_session(course, days=day, trainer=trainer)
        make_course_session(course, days=-day, trainer=trainer)
    with django_assert_max_num_queries(20):
        many = count()
    assert few == many
