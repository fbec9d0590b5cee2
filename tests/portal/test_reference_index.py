"""Records written on every booking and ticket change stay out of Wagtail's
reference index, which would queue a task for each save."""

from unittest import mock

import pytest
from wagtail.models import ReferenceIndex

from courses import booking
from courses.models import BookingEvent, CalendarFeed, Registration
from support.models import (
    SavedFilter,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketMessage,
)
from tests.courses.booking_helpers import make_session

RECORDS = [
    Registration,
    BookingEvent,
    CalendarFeed,
    TicketMessage,
    TicketAttachment,
    TicketEvent,
    SavedFilter,
]


@pytest.mark.parametrize("model", RECORDS, ids=lambda m: m.__name__)
def test_records_are_not_indexed(model):
    assert not ReferenceIndex.model_is_indexable(model)


def test_tickets_themselves_are_still_indexed():
    assert ReferenceIndex.model_is_indexable(Ticket)


@pytest.mark.django_db
def test_a_booking_queues_no_reference_index_task(teacher):
    session = make_session()
    with mock.patch("wagtail.signal_handlers.update_reference_index_task") as task:
        booking.book_session(session=session, teacher=teacher)
    assert task.enqueue.call_args_list == []
