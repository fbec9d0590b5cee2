""" "My courses" lists are written in Python (courses/my_courses_markup.py): byte
for byte what their templates draw, for every kind of card and row, in both
languages and another time zone."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from courses.booking_display import my_courses
from courses.models import Registration
from courses.my_courses_markup import past_rows_html, upcoming_html, waiting_html
from tests.courses.booking_helpers import make_course, make_session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
INCLUDES = "courses/booking/includes"
Status = Registration.Status


@pytest.fixture
def assorted(teacher, colleague, trainer):
    """One registration of every kind the page shows: the link open or not yet,
    no meeting address, the deadline passed, no or an anonymised trainer, on a
    waiting list behind someone, attended, not recorded, did not attend, and a
    title that needs escaping."""
    gone = UserFactory(school=None, full_name="Weg", is_anonymised=True)
    odd = make_course(title='<b>Pages</b> & "Keynote"')

    def register(session, status=Status.CONFIRMED, who=teacher):
        waitlisted_at = timezone.now() if status == Status.WAITLISTED else None
        return Registration.objects.create(
            session=session, teacher=who, status=status, waitlisted_at=waitlisted_at
        )

    deadline_passed = make_session(odd, days=0.5, trainer=trainer)
    deadline_passed.cancellation_deadline = timezone.now() - timedelta(hours=1)
    deadline_passed.save()
    register(deadline_passed)
    register(make_session(days=0.01, hours=2, trainer=gone))  # link open
    register(make_session(days=9, meeting_url=""))  # no trainer, no link
    full = make_session(odd, days=12, capacity=1)
    register(full, Status.WAITLISTED, who=colleague)
    register(full, Status.WAITLISTED)
    register(make_session(days=20), Status.WAITLISTED)
    register(make_session(odd, days=-30), Status.ATTENDED)
    register(make_session(days=-3), Status.CONFIRMED)  # not recorded yet
    register(make_session(days=-60), Status.NO_SHOW)
    return teacher


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_lists_are_the_templates_markup(assorted, language, zone):
    with translation.override(language), timezone.override(zone):
        lists = my_courses(assorted)
        for name, registrations, written in [
            ("my_upcoming", lists.upcoming, upcoming_html(lists.upcoming)),
            ("my_waiting", lists.waiting, waiting_html(lists.waiting)),
            ("my_past_rows", lists.past, past_rows_html(lists.past)),
        ]:
            expected = render_to_string(
                f"{INCLUDES}/{name}.html", {"registrations": registrations}
            )
            # The template file ends in a line break after its loop.
            assert written == expected.removesuffix("\n"), name
    assert (len(lists.upcoming), len(lists.waiting), len(lists.past)) == (3, 2, 3)
    html = upcoming_html(lists.upcoming) + waiting_html(lists.waiting)
    assert "&lt;b&gt;Pages&lt;/b&gt; &amp; &quot;Keynote&quot;" in html
    assert "<b>Pages" not in html


def test_the_page_shows_every_kind(client, assorted):
    client.force_login(assorted)
    page = client.get(reverse("courses:my_courses")).content.decode()
    assert page.count('<li class="card">') == 5
    assert "Zur Online-Sitzung" in page  # the link is open
    assert "Der Link zur Online-Sitzung erscheint hier ab" in page
    assert "Die Stornofrist ist abgelaufen." in page
    assert "Trainer/in: Tara Trainerin" in page
    assert "Trainer/in: gelöschte Person" in page
    assert "Position 2 auf der Warteliste" in page
    assert "noch nicht erfasst" in page and "Nicht teilgenommen" in page
    registration = Registration.objects.get(status=Status.ATTENDED)
    assert reverse("courses:certificate", args=[registration.pk]) in page
