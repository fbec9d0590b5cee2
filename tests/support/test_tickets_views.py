"""The school's and the IT service's ticket pages, end to end through the client."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from support import tickets as helpdesk
from support.models import Ticket, TicketAttachment
from tests.support.ticket_fixtures import file_ticket, png_bytes, upload

pytestmark = pytest.mark.django_db
NOTE = "Intern: Schule hat das Gerät schon zweimal fallen lassen"
REPLY = "Bitte bringen Sie das iPad am Montag vorbei."


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_serial_link_prefills_the_form_with_the_hint_and_pupil_note(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("support:report") + "?serial=F9FXK3ABCD12")
    soup = _soup(response)
    assert soup.find("input", {"name": "serial"})["value"] == "F9FXK3ABCD12"
    text = soup.get_text()
    assert "Einstellungen > Allgemein > Info" in text
    assert "keine Namen von Schülerinnen und Schülern" in text
    assert len(soup.find_all("h1")) == 1


def test_teacher_files_a_ticket_with_a_photo(client, teacher, device):
    client.force_login(teacher)
    response = client.post(
        reverse("support:report"),
        {
            "category": "display",
            "serial": device.serial.lower(),
            "subject": "Display gesprungen",
            "description": "Heruntergefallen.\nZweite Zeile.",
            "attachments": [upload("IMG_0001.png", png_bytes(), "image/png")],
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("support:ticket", args=[ticket.reference])
    assert ticket.device == device and ticket.reporter == teacher
    attachment = TicketAttachment.objects.get()
    assert attachment.name == "IMG_0001.png" and attachment.content_type == "image/png"
    assert "IMG_0001" not in attachment.file.name  # stored under a random name


def test_refused_file_keeps_the_form_and_says_why(client, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("support:report"),
        {
            "category": "app",
            "subject": "App fehlt",
            "description": "Keynote fehlt.",
            "attachments": [upload("foto.png", b"<html>hi</html>", "image/png")],
        },
    )
    assert response.status_code == 200
    assert Ticket.objects.count() == 0
    errors = _soup(response).find(id="id_attachments_error") or _soup(response)
    assert "foto.png" in errors.get_text()
    assert "JPEG, PNG, HEIC" in response.content.decode()


def test_malformed_serial_is_explained(client, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("support:report"),
        {"category": "wlan", "serial": "ABC-1", "subject": "x", "description": "y"},
    )
    assert "10 oder 12" in response.content.decode()
    assert Ticket.objects.count() == 0


def test_unknown_serial_is_accepted_and_the_agent_sees_a_warning(
    client, teacher, agent
):
    ticket = file_ticket(teacher, serial="ZZZZ99999999")
    client.force_login(agent)
    response = client.get(reverse("support:queue_ticket", args=[ticket.reference]))
    assert "nicht im Bestand" in response.content.decode()


def test_agent_sees_device_panel(client, teacher, agent, device):
    from tests.support.factories import ConfigurationProfileFactory, LoanFactory

    old = ConfigurationProfileFactory(school=device.school, version=1, is_current=False)
    ConfigurationProfileFactory(school=device.school, version=2, is_current=True)
    device.profile_version = old
    device.save()
    LoanFactory(device=device, pupil_reference="7B-0412")
    earlier = file_ticket(teacher, serial=device.serial, subject="Früher: Akku")
    ticket = file_ticket(teacher, serial=device.serial)
    client.force_login(agent)
    page = client.get(reverse("support:queue_ticket", args=[ticket.reference]))
    text = _soup(page).get_text(" ")
    for expected in [device.model, "Version 1", "Version 2", "7B-0412", "veraltet"]:
        assert expected in text
    assert earlier.reference in text


def test_internal_notes_never_reach_the_school(
    client, teacher, agent, mailoutbox, django_capture_on_commit_callbacks
):
    ticket = file_ticket(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.reply_to_ticket(ticket=ticket, author=agent, body=NOTE, internal=True)
        helpdesk.reply_to_ticket(ticket=ticket, author=agent, body=REPLY)
        helpdesk.change_ticket(ticket=ticket, by=agent, status="resolved")
    client.force_login(teacher)
    page = client.get(reverse("support:ticket", args=[ticket.reference]))
    assert REPLY in page.content.decode()
    assert NOTE not in page.content.decode()
    to_teacher = [m for m in mailoutbox if m.to == [teacher.email]]
    assert len(to_teacher) == 2  # the reply and the new status
    for mail in to_teacher:
        everything = mail.subject + mail.body + mail.alternatives[0][0]
        assert ticket.reference in everything
        assert reverse("support:ticket", args=[ticket.reference]) in everything
        assert NOTE not in everything
    client.force_login(agent)
    exported = client.get(reverse("support:reports_csv")).content.decode("utf-8-sig")
    assert ticket.reference in exported and NOTE not in exported
    assert (
        NOTE
        in client.get(
            reverse("support:queue_ticket", args=[ticket.reference])
        ).content.decode()
    )


def test_agents_are_told_about_a_new_ticket_and_the_assignee_about_a_reply(
    teacher, agent, mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = file_ticket(teacher, subject="Neu & dringend")
    assert any(
        m.to == [agent.email] and ticket.reference in m.subject for m in mailoutbox
    )
    helpdesk.change_ticket(ticket=ticket, by=agent, assignee=agent)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.reply_to_ticket(ticket=ticket, author=teacher, body="Noch da?")
    assert [m.to for m in mailoutbox] == [[agent.email]]
    settings.SUPPORT_TEAM_EMAIL = "team@it.example"
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        file_ticket(teacher)
    assert ["team@it.example"] in [m.to for m in mailoutbox]
    assert [agent.email] not in [m.to for m in mailoutbox]


def test_ticket_text_is_escaped_with_line_breaks(client, teacher):
    ticket = file_ticket(
        teacher,
        subject="<script>alert(1)</script>",
        body="Zeile 1\n<img src=x onerror=alert(2)>",
    )
    client.force_login(teacher)
    html = client.get(reverse("support:ticket", args=[ticket.reference])).content
    html = html.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<img src=x" not in html
    assert "Zeile 1<br>&lt;img" in html


def test_csv_cells_are_neutralised_against_formulas(client, teacher, agent):
    file_ticket(teacher, subject='=HYPERLINK("http://evil.example","klick")')
    file_ticket(teacher, subject="@SUM(A1)")
    client.force_login(agent)
    response = client.get(reverse("support:queue_export") + "?status=new")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    subjects = [row[10] for row in rows[1:]]
    assert sorted(subjects) == [
        '\'=HYPERLINK("http://evil.example","klick")',
        "'@SUM(A1)",
    ]


def test_teacher_sees_her_own_tickets_coordinator_the_schools(
    client, teacher, colleague, coordinator, other_school_teacher
):
    mine = file_ticket(teacher, subject="Meins")
    theirs = file_ticket(colleague, subject="Vom Kollegen")
    other = file_ticket(other_school_teacher, subject="Andere Schule")
    client.force_login(teacher)
    page = client.get(reverse("support:tickets")).content.decode()
    assert "Meine Tickets" in page
    assert mine.subject in page and theirs.subject not in page
    client.force_login(coordinator)
    page = client.get(reverse("support:tickets")).content.decode()
    assert "Tickets der Schule" in page
    assert mine.subject in page and theirs.subject in page
    assert other.subject not in page


def test_school_closes_and_late_reply_is_refused_with_a_message(client, teacher):
    ticket = file_ticket(teacher)
    client.force_login(teacher)
    client.post(reverse("support:ticket_close", args=[ticket.reference]))
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CLOSED
    response = client.post(
        reverse("support:ticket_reply", args=[ticket.reference]), {"body": "Noch was"}
    )
    assert response.status_code == 400
    assert "neues Problem" in response.content.decode()


def test_agent_reply_with_canned_text_and_change_form(client, teacher, agent):
    from support.models import CannedReply

    canned = CannedReply.objects.create(title="Neustart", body="Bitte neu starten.")
    ticket = file_ticket(teacher)
    client.force_login(agent)
    url = reverse("support:queue_reply", args=[ticket.reference])
    client.post(url, {"canned_reply": canned.pk, "body": "", "status": "waiting"})
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.WAITING
    assert ticket.messages.last().body == "Bitte neu starten."
    client.post(
        reverse("support:queue_change", args=[ticket.reference]),
        {
            "status": "in_repair",
            "priority": "urgent",
            "assignee": agent.pk,
            "serial": "",
        },
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee) == (
        "in_repair",
        "urgent",
        agent,
    )


def test_merge_through_the_form(client, teacher, agent):
    first, second = file_ticket(teacher), file_ticket(teacher)
    client.force_login(agent)
    response = client.post(
        reverse("support:queue_merge", args=[second.reference]),
        {"target": first.reference.lower()},
    )
    assert response.url == reverse("support:queue_ticket", args=[first.reference])
    second.refresh_from_db()
    assert second.merged_into == first


def test_device_search_for_coordinator_only_in_her_school(
    client, coordinator, teacher, device, other_device
):
    client.force_login(coordinator)
    url = reverse("support:device_lookup")
    found = client.get(url, {"q": device.serial[:5]}).json()["devices"]
    assert [d["serial"] for d in found] == [device.serial]
    assert client.get(url, {"q": other_device.serial[:6]}).json()["devices"] == []
    client.force_login(teacher)
    assert client.get(url, {"q": "F9F"}).status_code == 403


def test_resolved_long_ago_offers_a_new_ticket_instead_of_a_reply(
    client, teacher, agent, device
):
    import datetime as dt

    from django.utils import timezone

    ticket = file_ticket(teacher, serial=device.serial)
    helpdesk.change_ticket(ticket=ticket, by=agent, status="resolved")
    client.force_login(teacher)
    page = client.get(reverse("support:ticket", args=[ticket.reference]))
    assert _soup(page).find("textarea", {"name": "body"})
    Ticket.objects.filter(pk=ticket.pk).update(
        resolved_at=timezone.now() - dt.timedelta(days=15)
    )
    soup = _soup(client.get(reverse("support:ticket", args=[ticket.reference])))
    assert soup.find("textarea", {"name": "body"}) is None
    link = soup.find("a", string="Neues Problem melden")
    assert link["href"] == (
        reverse("support:report") + f"?serial={device.serial}&category=display"
    )


def test_device_inspect_in_the_cms_lists_the_devices_tickets(
    client, agent, teacher, device
):
    ticket = file_ticket(teacher, serial=device.serial, subject="Akku schwach")
    client.force_login(agent)
    body = client.get(
        f"/cms/snippets/support/device/inspect/{device.pk}/"
    ).content.decode()
    assert ticket.reference in body and "Akku schwach" in body


def test_a_merged_ticket_points_to_the_one_that_stays(client, teacher, agent):
    first, second = file_ticket(teacher), file_ticket(teacher)
    helpdesk.merge_tickets(source=second, target=first, by=agent)
    client.force_login(teacher)
    school_page = _soup(client.get(reverse("support:ticket", args=[second.reference])))
    assert f"mit {first.reference} zusammengeführt" in school_page.get_text()
    assert school_page.find("a", href=reverse("support:ticket", args=[first.reference]))
    client.force_login(agent)
    queue_url = reverse("support:queue_ticket", args=[second.reference])
    agent_page = _soup(client.get(queue_url))
    assert f"Zusammengeführt mit {first.reference}" in agent_page.get_text()
    assert agent_page.find(
        "a", href=reverse("support:queue_ticket", args=[first.reference])
    )
    assert not agent_page.select("form#agent-reply")
