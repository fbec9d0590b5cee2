"""Session rules: constraints, deletion, capacity floor, revisions, seat counts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from courses import scheduling
from courses.admin_catalogue import session_viewset
from courses.forms_catalogue import CourseSessionForm
from courses.models import CourseSession
from tests.courses.factories import make_course_page, make_course_session, register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalogue, trainer):
    return make_course_page(trainers=[trainer])


def test_deadlines_default_from_the_start(course):
    session = make_course_session(course, days=10)
    assert session.booking_deadline == session.start - timedelta(hours=24)
    assert session.cancellation_deadline == session.start - timedelta(hours=48)


def test_explicit_deadlines_are_kept(course):
    start = timezone.now() + timedelta(days=10)
    session = CourseSession.objects.create(
        course=course,
        start=start,
        end=start + timedelta(hours=2),
        booking_deadline=start - timedelta(hours=2),
        cancellation_deadline=start - timedelta(hours=3),
    )
    assert session.booking_deadline == start - timedelta(hours=2)


def test_database_refuses_end_before_start_and_zero_seats(course):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseSession.objects.create(course=course, start=start, end=start)
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseSession.objects.create(
            course=course, start=start, end=start + timedelta(hours=1), capacity=0
        )


def test_session_with_registrations_can_not_be_deleted(course, teacher):
    session = make_course_session(course)
    registration = register(session, teacher, status="cancelled")
    assert not scheduling.can_delete_session(session=session)
    with pytest.raises(ProtectedError), transaction.atomic():
        session.delete()
    registration.delete()
    assert scheduling.can_delete_session(session=session)
    session.delete()


def test_capacity_can_not_drop_below_confirmed(course):
    session = make_course_session(course, capacity=5)
    for _i in range(3):
        register(session, UserFactory())
    register(session, UserFactory(), status="waitlisted")
    scheduling.check_capacity(session=session, capacity=3)
    with pytest.raises(ValidationError) as exc:
        scheduling.check_capacity(session=session, capacity=2)
    assert "3 Personen bestätigt" in exc.value.messages[0]
    assert "mindestens 3 Plätze" in exc.value.messages[0]


def _form_data(session, **changes):
    local = timezone.localtime
    data = {
        "course": session.course_id,
        "start": local(session.start).strftime("%Y-%m-%d %H:%M"),
        "end": local(session.end).strftime("%Y-%m-%d %H:%M"),
        "capacity": session.capacity,
        "meeting_url": session.meeting_url,
        "booking_deadline": "",
        "cancellation_deadline": "",
        "state": session.state,
        "internal_note": "",
        "trainer": "",
    }
    data.update(changes)
    return data


def test_form_names_the_confirmed_count(course, trainer):
    session = make_course_session(course, capacity=4)
    register(session, UserFactory())
    register(session, UserFactory())
    form = _session_form(session, trainer, capacity=1)
    assert not form.is_valid()
    assert "2 Personen bestätigt" in form.errors["capacity"][0]
    assert _session_form(session, trainer, capacity=2).is_valid()


def test_form_refuses_end_before_start(course, trainer):
    session = make_course_session(course)
    local = timezone.localtime(session.start)
    form = _session_form(
        session, trainer, end=(local - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    )
    assert not form.is_valid()
    assert "Das Ende muss nach dem Beginn liegen" in str(form.errors["end"])


def _session_form(session, user, **changes):
    form_class = session_viewset.get_edit_handler().get_form_class()
    assert issubclass(form_class, CourseSessionForm)
    return form_class(
        data=_form_data(session, **changes), instance=session, for_user=user
    )


def test_publishing_an_old_revision_leaves_sessions_alone(course, teacher):
    old = course.save_revision()
    old.publish()
    kept = make_course_session(course, capacity=12)
    register(kept, teacher)
    course.title = "Neuer Titel"
    course.save_revision().publish()
    changed = make_course_session(course, days=30)

    course.refresh_from_db()
    old.publish()  # roll back to the first revision

    course.refresh_from_db()
    assert course.title != "Neuer Titel"
    assert set(course.sessions.values_list("pk", flat=True)) == {kept.pk, changed.pk}
    kept.refresh_from_db()
    assert kept.capacity == 12 and kept.registrations.count() == 1


def test_seat_counts_are_annotated(course):
    session = make_course_session(course, capacity=3)
    register(session, UserFactory())
    register(session, UserFactory(), status="waitlisted")
    register(session, UserFactory(), status="cancelled")
    annotated = CourseSession.objects.with_seat_counts().get(pk=session.pk)
    assert (annotated.confirmed_count, annotated.waitlist_count) == (1, 1)
    assert annotated.free_seats == 2
    assert session.free_seats == 2  # without the annotation: one query
    assert list(CourseSession.objects.with_free_seats()) == [session]


def test_upcoming_and_past(course):
    past = make_course_session(course, days=-2)
    running = make_course_session(course, days=-0.01, minutes=120)
    future = make_course_session(course, days=2)
    assert list(CourseSession.objects.upcoming()) == [running, future]
    assert list(CourseSession.objects.past()) == [past]
