"""Journey 1 with the keyboard alone: sign up, verify, log in, filter and search the
catalogue, book, open "Meine Fortbildungen", cancel with the confirmation.

Only Tab, Shift+Tab, Enter, Space and typing move the page. `tab_to` asserts at
every stop that the focused element shows a focus indicator; reaching each target
within the limit shows there is no keyboard trap on the way.
"""

from __future__ import annotations

import re

from courses.models import Registration
from tests.courses.factories import make_course_page, make_course_session
from tests.factories import SchoolFactory

PASSWORD = "Fortbildung-2026-Sicher"

FOCUS_STATE = """
(selector) => {
  const el = document.activeElement;
  if (!el || el === document.body) return {matches: false, body: true};
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  return {
    matches: el.matches(selector),
    visible: outline || shadow,
    body: false,
    label: el.tagName + (el.id ? "#" + el.id : "") + " " +
           (el.getAttribute("href") || el.name || el.textContent.trim().slice(0, 30)),
  };
}
"""


def tab_to(page, selector: str, limit: int = 80, backwards: bool = False) -> None:
    """Press Tab until the focus is on `selector`; every stop shows its focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        state = page.evaluate(FOCUS_STATE, selector)
        if state["body"]:  # past the end of the document: the next Tab wraps
            continue
        assert state["visible"], f"no visible focus on {state['label']}"
        if state["matches"]:
            return
    raise AssertionError(f"{selector} not reached with {limit} × {key}")


def press_and_wait(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state("load")


def test_journey_one_with_the_keyboard_alone(new_page, live_server, mailoutbox):
    SchoolFactory(name="Grundschule Am Hafen", school_number="123456")
    course = make_course_page(title="Keynote im Unterricht", topic="ipad")
    make_course_session(course, days=10, capacity=5)
    other = make_course_page(title="iServ Kalender nutzen", topic="iserv")
    make_course_session(other, days=12, capacity=5)

    page = new_page("desktop")
    page.goto("/")

    # Sign up.
    tab_to(page, "a[href='/konto/signup/']")
    press_and_wait(page, "Enter")
    tab_to(page, "#id_full_name")
    page.keyboard.type("Lina Schmidt")
    tab_to(page, "#id_email")
    page.keyboard.type("lina@schule.example")
    tab_to(page, "#id_school_filter")
    page.keyboard.type("123456")
    assert page.locator("#id_school").input_value() != ""
    tab_to(page, "#id_password1")
    page.keyboard.type(PASSWORD)
    tab_to(page, "#id_password2")
    page.keyboard.type(PASSWORD)
    tab_to(page, "main form button[type=submit]")
    # Backwards through the form and forwards again: no trap either way.
    tab_to(page, "#id_full_name", backwards=True)
    tab_to(page, "main form button[type=submit]")
    press_and_wait(page, "Enter")

    # The link from the e-mail, then confirm with the keyboard.
    message = next(m for m in mailoutbox if "lina@schule.example" in m.to)
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", message.body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    tab_to(page, "main form button[type=submit]")
    press_and_wait(page, "Enter")

    # Log in.
    if "/konto/login/" not in page.url:
        tab_to(page, "a[href='/konto/login/']")
        press_and_wait(page, "Enter")
    tab_to(page, "#id_login")
    page.keyboard.type("lina@schule.example")
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    press_and_wait(page, "Enter")
    assert page.locator(".account-nav a[href='/konto/profil/']").count() == 1

    # Filter and search the catalogue.
    tab_to(page, ".main-nav a[href='/kurse/']")
    press_and_wait(page, "Enter")
    tab_to(page, "#id_topic")
    page.keyboard.type("iPad")
    assert page.locator("#id_topic").input_value() == "ipad"
    tab_to(page, "#id_q")
    page.keyboard.type("Keynote")
    press_and_wait(page, "Enter")
    assert "topic=ipad" in page.url and "q=Keynote" in page.url
    assert page.locator(f"main a[href='{other.url}']").count() == 0
    tab_to(page, f"main a[href='{course.url}']")
    press_and_wait(page, "Enter")

    # Book with the Space bar on the button.
    tab_to(page, ".session-actions form button[type=submit]")
    press_and_wait(page, "Space")
    assert Registration.objects.get().status == Registration.Status.CONFIRMED

    # "Meine Fortbildungen", cancel, confirm.
    tab_to(page, ".main-nav a[href='/meine-fortbildungen/']")
    press_and_wait(page, "Enter")
    tab_to(page, "main a[href*='/stornieren/']")
    press_and_wait(page, "Enter")
    tab_to(page, "main form button[type=submit]")
    press_and_wait(page, "Enter")
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert page.locator("main a[href$='kalender.ics']").count() == 0
