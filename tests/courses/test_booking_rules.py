"""book_session, cancel_registration and the waiting list: the rules of PRODUCT.md."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from courses import booking
from courses.booking import BookingError
from courses.models import BookingEvent, CourseSession, Registration, SessionContingent
from tests.courses.booking_helpers import make_course, make_session, teachers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_free_seat_confirms_and_records_who_and_when(teacher):
    session = make_session(capacity=2)
    registration = booking.book_session(session=session, teacher=teacher)
    assert registration.status == Status.CONFIRMED
    assert registration.school_id == teacher.school_id
    event = BookingEvent.objects.get(registration=registration)
    assert event.action == BookingEvent.Action.BOOKED
    assert event.actor == teacher
    assert event.created_at <= timezone.now()


def test_full_session_puts_teacher_on_waiting_list_in_order():
    session = make_session(capacity=1)
    first, second, third = teachers(3)
    booking.book_session(session=session, teacher=first)
    r2 = booking.book_session(session=session, teacher=second)
    r3 = booking.book_session(session=session, teacher=third)
    assert r2.status == r3.status == Status.WAITLISTED
    assert booking.waitlist_position(r2) == 1
    assert booking.waitlist_position(r3) == 2


def test_double_booking_answers_already_booked(teacher):
    session = make_session()
    booking.book_session(session=session, teacher=teacher)
    with pytest.raises(BookingError) as error:
        booking.book_session(session=session, teacher=teacher)
    assert error.value.code == "already_booked"
    assert Registration.objects.count() == 1


def test_second_session_of_same_course_is_refused(teacher):
    course = make_course()
    booking.book_session(session=make_session(course), teacher=teacher)
    with pytest.raises(BookingError) as error:
        booking.book_session(session=make_session(course, days=14), teacher=teacher)
    assert error.value.code == "same_course"


def test_overlapping_session_is_refused(teacher):
    booking.book_session(session=make_session(days=3), teacher=teacher)
    overlapping = make_session(days=3 + 1 / 24)  # starts one hour later
    with pytest.raises(BookingError) as error:
        booking.book_session(session=overlapping, teacher=teacher)
    assert error.value.code == "overlap"
    assert "überschneidet" in str(error.value.message) or "overlaps" in str(
        error.value.message
    )


def test_back_to_back_sessions_do_not_overlap(teacher):
    first = make_session(days=3, hours=1)
    booking.book_session(session=first, teacher=teacher)
    after = make_session(days=3 + 1 / 24, hours=1)
    assert (
        booking.book_session(session=after, teacher=teacher).status == Status.CONFIRMED
    )


def test_booking_deadline_passed_is_refused(teacher):
    session = make_session(days=2, booking_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(BookingError) as error:
        booking.book_session(session=session, teacher=teacher)
    assert error.value.code == "deadline"


def test_cancelled_and_started_sessions_are_refused(teacher):
    cancelled = make_session(state="cancelled")
    with pytest.raises(BookingError) as error:
        booking.book_session(session=cancelled, teacher=teacher)
    assert error.value.code == "cancelled"
    started = make_session(days=-0.01, booking_deadline=timezone.now() + timedelta(1))
    with pytest.raises(BookingError) as error:
        booking.book_session(session=started, teacher=teacher)
    assert error.value.code == "over"


def test_unverified_email_and_no_school_are_refused(teacher, trainer):
    EmailAddress.objects.filter(user=teacher).update(verified=False)
    with pytest.raises(BookingError) as error:
        booking.book_session(session=make_session(), teacher=teacher)
    assert error.value.code == "unverified"
    with pytest.raises(BookingError) as error:
        booking.book_session(session=make_session(), teacher=trainer)
    assert error.value.code == "no_school"


def test_cancel_gives_seat_to_first_on_waiting_list_and_mails_her(
    mailoutbox, django_capture_on_commit_callbacks
):
    session = make_session(capacity=1)
    holder, first, second = teachers(3)
    mine = booking.book_session(session=session, teacher=holder)
    waiting = booking.book_session(session=session, teacher=first)
    booking.book_session(session=session, teacher=second)
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel_registration(registration=mine, by=holder)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert BookingEvent.objects.filter(
        registration=waiting, action=BookingEvent.Action.PROMOTED
    ).exists()
    to = {m.to[0]: m for m in mailoutbox}
    assert set(to) == {holder.email, first.email}
    assert "meet.example/raum-42" in to[first.email].body


def test_cancel_after_deadline_names_the_trainer(teacher, trainer):
    session = make_session(
        days=2, trainer=trainer, cancellation_deadline=timezone.now() - timedelta(1)
    )
    registration = booking.book_session(session=session, teacher=teacher)
    with pytest.raises(BookingError) as error:
        booking.cancel_registration(registration=registration, by=teacher)
    assert error.value.code == "deadline"
    assert trainer.email in str(error.value.message)


def test_trainer_may_cancel_for_a_teacher_after_the_deadline(teacher, trainer):
    course = make_course(trainers=[trainer])
    session = make_session(
        course, days=2, cancellation_deadline=timezone.now() - timedelta(1)
    )
    registration = booking.book_session(session=session, teacher=teacher)
    booking.cancel_registration(registration=registration, by=trainer)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_leaving_waiting_list_is_possible_after_the_deadline(teacher, colleague):
    session = make_session(
        capacity=1, days=2, cancellation_deadline=timezone.now() - timedelta(1)
    )
    booking.book_session(session=session, teacher=colleague)
    waiting = booking.book_session(session=session, teacher=teacher)
    booking.leave_waiting_list(registration=waiting, by=teacher)
    waiting.refresh_from_db()
    assert waiting.status == Status.CANCELLED
    assert waiting.events.filter(action=BookingEvent.Action.LEFT_WAITLIST).exists()


def test_raising_capacity_promotes_and_lowering_below_confirmed_is_refused(trainer):
    session = make_session(capacity=2, course=make_course(trainers=[trainer]))
    people = teachers(4)
    regs = [booking.book_session(session=session, teacher=t) for t in people]
    promoted = booking.change_capacity(session=session, capacity=3, by=trainer)
    assert [r.pk for r in promoted] == [regs[2].pk]
    with pytest.raises(BookingError) as error:
        booking.change_capacity(session=session, capacity=2, by=trainer)
    assert "3" in str(error.value.message)
    session.refresh_from_db()
    assert session.capacity == 3


def test_contingent_limits_seats_per_school_until_its_date(school, other_school):
    session = make_session(capacity=5)
    SessionContingent.objects.create(
        session=session, seats_per_school=2, until=timezone.now() + timedelta(days=1)
    )
    ours = teachers(3, school=school)
    for t in ours[:2]:
        booking.book_session(session=session, teacher=t)
    with pytest.raises(BookingError) as error:
        booking.book_session(session=session, teacher=ours[2])
    assert error.value.code == "contingent"
    other = UserFactory(school=other_school)
    assert booking.book_session(session=session, teacher=other).is_confirmed
    SessionContingent.objects.filter(session=session).update(
        until=timezone.now() - timedelta(minutes=1)
    )
    session.refresh_from_db()
    assert booking.book_session(session=session, teacher=ours[2]).is_confirmed


def test_promotion_passes_over_a_school_that_used_its_contingent(school, other_school):
    session = make_session(capacity=2)
    SessionContingent.objects.create(
        session=session, seats_per_school=1, until=timezone.now() + timedelta(days=1)
    )
    a1, a2 = teachers(2, school=school)
    b1, b2 = teachers(2, school=other_school)
    r_a1 = booking.book_session(session=session, teacher=a1)
    booking.book_session(session=session, teacher=b1)
    waiting_a2 = booking.book_session(session=session, teacher=a2)
    waiting_b2 = booking.book_session(session=session, teacher=b2)
    assert waiting_a2.is_waitlisted and waiting_b2.is_waitlisted
    r_b1 = Registration.objects.get(teacher=b1)
    booking.cancel_registration(registration=r_b1, by=b1)
    waiting_a2.refresh_from_db()
    waiting_b2.refresh_from_db()
    assert waiting_a2.is_waitlisted  # school A still holds its one seat
    assert waiting_b2.is_confirmed
    assert r_a1.status == Status.CONFIRMED


def test_a_teacher_may_not_cancel_someone_else(teacher, colleague):
    registration = booking.book_session(session=make_session(), teacher=teacher)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        booking.cancel_registration(registration=registration, by=colleague)


def test_database_refuses_two_open_registrations_per_session(teacher):
    from django.db import IntegrityError, transaction

    session = make_session()
    Registration.objects.create(session=session, teacher=teacher)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(session=session, teacher=teacher)


def test_database_refuses_waitlisted_without_queue_time(teacher):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            session=make_session(), teacher=teacher, status=Status.WAITLISTED
        )


def test_cron_gives_seats_to_the_waiting_list_once_a_contingent_runs_out(
    school, django_capture_on_commit_callbacks, mailoutbox
):
    from django.core.management import call_command

    session = make_session(capacity=3)
    SessionContingent.objects.create(
        session=session, seats_per_school=1, until=timezone.now() + timedelta(days=1)
    )
    first, second = teachers(2, school=school)
    booking.book_session(session=session, teacher=first)
    # Full for her school but not full: she may not book yet ...
    with pytest.raises(BookingError):
        booking.book_session(session=session, teacher=second)
    # ... a teacher wait-listed earlier (seats were full then) waits for the date.
    waiting = Registration.objects.create(
        session=session,
        teacher=second,
        school=school,
        status=Status.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    SessionContingent.objects.filter(session=session).update(
        until=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders")
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert [m.to for m in mailoutbox][-1] == [second.email]


def test_seats_raised_in_the_cms_reach_the_waiting_list_by_the_cron_run():
    from django.core.management import call_command

    session = make_session(capacity=1)
    holder, waiting_teacher = teachers(2)
    booking.book_session(session=session, teacher=holder)
    waiting = booking.book_session(session=session, teacher=waiting_teacher)
    type(session).objects.filter(pk=session.pk).update(capacity=2)  # as the CMS form
    call_command("send_session_reminders")
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_the_database_constraint_backs_the_double_booking_check(teacher, monkeypatch):
    session = make_session(capacity=1)
    booking.book_session(session=session, teacher=teacher)
    # As if a second request had raced past the check: the constraint answers.
    monkeypatch.setattr(booking, "check_no_conflict", lambda **kwargs: None)
    with pytest.raises(BookingError) as error:
        booking.book_session(session=session, teacher=teacher)
    assert error.value.code == "already_booked"
    assert Registration.objects.filter(session=session).count() == 1
    assert BookingEvent.objects.filter(session=session).count() == 1


def test_overlap_refusal_names_the_other_course(teacher):
    other = make_course(title="iServ Kalender")
    booking.book_session(session=make_session(other, days=3), teacher=teacher)
    with pytest.raises(BookingError) as error:
        booking.book_session(session=make_session(days=3 + 1 / 24), teacher=teacher)
    assert "iServ Kalender" in str(error.value.message)


def test_a_session_cancelled_after_the_page_was_loaded_is_refused(teacher):
    session = make_session()
    CourseSession.objects.filter(pk=session.pk).update(state="cancelled")
    # `session` still says scheduled: the rules are checked again on the locked row.
    with pytest.raises(BookingError) as error:
        booking.book_session(session=session, teacher=teacher)
    assert error.value.code == "cancelled"
    assert not Registration.objects.exists()


def test_a_booking_of_the_course_made_meanwhile_is_found_inside_the_lock(
    teacher, monkeypatch
):
    course = make_course()
    booking.book_session(session=make_session(course), teacher=teacher)
    check = booking.check_no_conflict
    calls = []

    def first_check_misses_it(**kwargs):
        # As if the other booking had committed just after the first check.
        calls.append(kwargs)
        if len(calls) > 1:
            check(**kwargs)

    monkeypatch.setattr(booking, "check_no_conflict", first_check_misses_it)
    with pytest.raises(BookingError) as error:
        booking.book_session(session=make_session(course, days=14), teacher=teacher)
    assert error.value.code == "same_course"
    assert len(calls) == 2
    assert Registration.objects.count() == 1
