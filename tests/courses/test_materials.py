"""Course materials: participant-only documents reach participants only."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection

from courses import permissions
from courses.cms_permissions import get_material_collection
from courses.models import CourseMaterial
from tests.courses.factories import make_course_page, make_course_session, register

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 Handout"


def _document(title="handout", collection=None) -> Document:
    document = Document(title=title, collection=collection or get_material_collection())
    document.file.save(f"{title}.pdf", ContentFile(CONTENT))
    document.save()
    return document


@pytest.fixture
def course(catalogue, trainer):
    return make_course_page(trainers=[trainer])


@pytest.fixture
def restricted(course):
    return CourseMaterial.objects.create(
        course=course,
        title="Handout",
        document=_document(),
        visibility=CourseMaterial.Visibility.PARTICIPANTS,
    )


def _download(client, material):
    return client.get(f"/kursmaterial/{material.pk}/")


def _wagtail_serve(client, document):
    return client.get(document.url)


def test_participant_only_document_is_refused_to_anonymous(client, restricted):
    assert _download(client, restricted).status_code == 404
    assert _wagtail_serve(client, restricted.document).status_code == 404


def test_participant_only_document_is_refused_to_non_participants(
    client, course, restricted, teacher, colleague
):
    session = make_course_session(course)
    register(session, colleague, status="waitlisted")
    register(make_course_session(course, days=9), teacher, status="cancelled")
    for user in (teacher, colleague):
        client.force_login(user)
        assert _download(client, restricted).status_code == 404
        assert _wagtail_serve(client, restricted.document).status_code == 404


@pytest.mark.parametrize("status", ["confirmed", "attended"])
def test_participant_downloads_the_document(
    client, course, restricted, teacher, status
):
    register(make_course_session(course), teacher, status=status)
    client.force_login(teacher)
    response = _download(client, restricted)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert _wagtail_serve(client, restricted.document).status_code == 200


def test_participant_of_another_course_is_refused(
    client, catalogue, restricted, teacher
):
    other = make_course_page()
    register(make_course_session(other), teacher)
    client.force_login(teacher)
    assert _download(client, restricted).status_code == 404


def test_trainer_downloads_participant_material(client, restricted, trainer):
    client.force_login(trainer)
    assert _download(client, restricted).status_code == 200


def test_public_material_is_served_to_everyone(client, course):
    public = CourseMaterial.objects.create(
        course=course, title="Checkliste", document=_document("checkliste")
    )
    assert _download(client, public).status_code == 200
    assert _wagtail_serve(client, public.document).status_code == 200


def test_unreleased_course_material_is_not_served_publicly(client, catalogue):
    document = _document("entwurf")
    assert _wagtail_serve(client, document).status_code == 404


def test_other_documents_are_served_as_wagtail_does(client, catalogue):
    document = _document("flyer", collection=Collection.get_first_root_node())
    assert _wagtail_serve(client, document).status_code == 200


def test_material_of_an_unpublished_course_is_not_served(client, course, trainer):
    public = CourseMaterial.objects.create(
        course=course, title="Checkliste", document=_document("c2")
    )
    course.unpublish()
    assert _download(client, public).status_code == 404


def test_is_participant_predicate(course, teacher, colleague):
    register(make_course_session(course), teacher)
    register(make_course_session(course, days=3), colleague, status="no_show")
    assert permissions.is_participant(teacher, course)
    assert not permissions.is_participant(colleague, course)


def test_material_needs_exactly_one_of_document_or_link(course):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        CourseMaterial(course=course, title="Leer").clean()
    with pytest.raises(ValidationError):
        CourseMaterial(
            course=course, title="Beides", document=_document("b"), url="https://x.de"
        ).clean()
    CourseMaterial(course=course, title="Link", url="https://iserv.de").clean()
