"""Journeys 1 and 2 of the browser suite: a teacher from sign-up to cancelling, and
the waiting list handing a freed seat to the next teacher."""

import re

import pytest
from icalendar import Calendar

from tests.browser.conftest import (
    check_accessibility,
    log_in,
    submit_main_form,
    switch_to_english,
)
from tests.courses.factories import make_course_page, make_course_session
from tests.factories import TEST_PASSWORD, SchoolFactory, UserFactory

PASSWORD = "Fortbildung-2026-Sicher"


@pytest.fixture
def courses(db):
    keynote = make_course_page(title="Keynote im Unterricht", topic="ipad")
    make_course_session(keynote, days=10, capacity=5)
    other = make_course_page(title="iServ Kalender nutzen", topic="iserv")
    make_course_session(other, days=12, capacity=5)
    return keynote


def confirmation_link(mailoutbox, email: str) -> str:
    message = next(m for m in reversed(mailoutbox) if email in m.to)
    return re.search(r"https?://\S+/konto/confirm-email/\S+/", message.body).group(0)


@pytest.mark.parametrize(
    ("viewport", "language"), [("phone", "de"), ("desktop", "de"), ("desktop", "en")]
)
def test_teacher_signs_up_books_downloads_and_cancels(
    new_page, live_server, mailoutbox, courses, viewport, language
):
    school = SchoolFactory(name="Grundschule Am Hafen", school_number="123456")
    page = new_page(viewport)
    page.goto("/")
    if language == "en":
        switch_to_english(page)

    # Sign up and verify the e-mail address.
    page.goto("/konto/signup/")
    check_accessibility(page, f"signup-{viewport}-{language}")
    page.locator("#id_full_name").fill("Lina Schmidt")
    page.locator("#id_email").fill("lina@schule.example")
    page.locator("#id_school_filter").fill("123456")
    assert page.locator("#id_school").input_value() == str(school.pk)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    submit_main_form(page)
    link = confirmation_link(mailoutbox, "lina@schule.example")
    page.goto(link.replace("http://testserver", live_server.url))
    submit_main_form(page)
    log_in(page, "lina@schule.example", PASSWORD)
    assert page.locator(".account-nav a[href='/konto/profil/']").count() == 1

    # Find the course with a filter and the search.
    page.goto("/kurse/")
    check_accessibility(page, f"catalogue-{viewport}-{language}")
    page.locator("#id_topic").select_option("ipad")
    page.locator("#id_q").fill("Keynote")
    page.locator("form.catalogue-filters button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "topic=ipad" in page.url and "q=Keynote" in page.url
    check_accessibility(page, f"catalogue-filtered-{viewport}-{language}")
    assert page.get_by_role("link", name="iServ Kalender nutzen").count() == 0
    page.get_by_role("link", name="Keynote im Unterricht").first.click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page, f"course-{viewport}-{language}")

    # Book, see the confirmation, get the calendar file.
    page.locator(".session-actions form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages .message").count() >= 1
    assert any("lina@schule.example" in m.to for m in mailoutbox[1:])
    page.goto("/meine-fortbildungen/")
    check_accessibility(page, f"my-courses-{viewport}-{language}")
    assert page.get_by_role("link", name="Keynote im Unterricht").count() >= 1
    with page.expect_download() as download_info:
        page.locator("a[href$='kalender.ics']").first.click()
    ics = Calendar.from_ical(open(download_info.value.path(), "rb").read())
    events = list(ics.walk("VEVENT"))
    assert len(events) == 1 and "Keynote im Unterricht" in str(events[0]["SUMMARY"])

    # Cancel with the confirmation step.
    page.locator("a[href*='/stornieren/']").first.click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page, f"cancel-{viewport}-{language}")
    submit_main_form(page)
    assert page.locator("a[href$='kalender.ics']").count() == 0


def test_waiting_list_hands_the_freed_seat_to_the_next_teacher(
    new_page, mailoutbox, courses
):
    session = make_course_session(courses, days=14, capacity=1)
    first = UserFactory(email="erste@schule.example", full_name="Erika Erste")
    second = UserFactory(email="zweite@schule.example", full_name="Zora Zweite")
    course_url = courses.url

    page_first = new_page("desktop")
    log_in(page_first, first.email, TEST_PASSWORD)
    page_first.goto(course_url)
    page_first.locator(f"form[action$='/termine/{session.pk}/buchen/'] button").click()
    page_first.wait_for_load_state("networkidle")

    page_second = new_page("phone")
    log_in(page_second, second.email, TEST_PASSWORD)
    page_second.goto(course_url)
    page_second.locator(f"form[action$='/termine/{session.pk}/buchen/'] button").click()
    page_second.wait_for_load_state("networkidle")
    page_second.goto("/meine-fortbildungen/")
    assert (
        page_second.locator("#waiting-heading + ul .badge").inner_text().find("1") >= 0
    )

    page_first.goto("/meine-fortbildungen/")
    page_first.locator("a[href*='/stornieren/']").first.click()
    page_first.wait_for_load_state("networkidle")
    submit_main_form(page_first)

    page_second.goto("/meine-fortbildungen/")
    assert page_second.locator("a[href$='kalender.ics']").count() == 1
    assert page_second.locator("#waiting-heading + ul").count() == 0
    promoted = [m for m in mailoutbox if second.email in m.to]
    assert promoted, "the promoted teacher gets an e-mail"
    assert session.meeting_url in promoted[-1].body
