"""The helpdesk as the issue's reviewer walks it: a teacher files a ticket with a
photo via the serial link, the agent sees the device panel, writes an internal
note and a reply, the teacher sees only the reply. Every page passes axe and the
Nu HTML Checker, on a phone and on a desktop."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from PIL import Image

from support.models import Ticket
from tests.browser.conftest import check_accessibility, check_markup, raw_html
from tests.support.factories import DeviceFactory

NOTE = "Intern: Akku schon einmal getauscht"
REPLY = "Wir holen das Gerät morgen ab."


def _session_login(page, user) -> None:
    """Log in by session cookie (the login form and TOTP are tested elsewhere)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    origin = "/".join(page.url.split("/", 3)[:3])
    page.context.add_cookies(
        [{"name": "sessionid", "value": store.session_key, "url": origin}]
    )


def test_teacher_files_agent_answers_teacher_sees_only_the_reply(
    new_page, teacher, agent, school, tmp_path
):
    device = DeviceFactory(school=school, serial="F9FXK3ABCD12")
    photo = tmp_path / "display.png"
    Image.new("RGB", (120, 80), (180, 20, 20)).save(photo)
    documents = {}

    page = new_page("phone")
    page.goto("/")
    _session_login(page, teacher)
    page.goto(f"/support/melden/?serial={device.serial}")
    page.get_by_label("Worum geht es?").select_option("display")
    page.get_by_label("Betreff").fill("Display gesprungen")
    page.get_by_label("Beschreibung").fill("Heruntergefallen.\nRaum 2.14")
    page.set_input_files("input[name=attachments]", str(photo))
    check_accessibility(page, "ticket-report-phone")
    documents["report"] = raw_html(page)
    page.get_by_role("button", name="An den IT-Service senden").click()
    page.wait_for_load_state("networkidle")
    ticket = Ticket.objects.get()
    assert ticket.device == device and ticket.attachments.count() == 1
    assert ticket.reference in page.content()

    agent_page = new_page("desktop")
    agent_page.goto("/")
    _session_login(agent_page, agent)
    agent_page.goto("/support/warteschlange/")
    check_accessibility(agent_page, "queue-desktop")
    documents["queue"] = raw_html(agent_page)
    agent_page.get_by_role("link", name=ticket.reference).click()
    assert device.model in agent_page.content()
    check_accessibility(agent_page, "queue-ticket-desktop")
    documents["queue-ticket"] = raw_html(agent_page)
    agent_page.locator("#agent-reply textarea[name=body]").fill(NOTE)
    agent_page.get_by_label("Interne Notiz (nur für den IT-Service sichtbar)").check()
    agent_page.get_by_role("button", name="Senden", exact=True).click()
    agent_page.locator("#agent-reply textarea[name=body]").fill(REPLY)
    agent_page.get_by_role("button", name="Senden", exact=True).click()
    assert NOTE in agent_page.content() and REPLY in agent_page.content()

    page.reload()
    assert REPLY in page.content()
    assert NOTE not in page.content()
    check_accessibility(page, "ticket-detail-phone")
    documents["detail"] = raw_html(page)
    page.goto("/support/tickets/")
    check_accessibility(page, "my-tickets-phone")
    documents["my-tickets"] = raw_html(page)
    check_markup(documents)
