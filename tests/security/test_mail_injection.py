"""E-mails built from typed text: no header injection, no live HTML."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from support.tickets import reply_to_ticket
from tests.security.payloads import PAYLOADS, assert_inert

pytestmark = pytest.mark.django_db


def _html_parts(message) -> list[str]:
    return [
        c for c, kind in getattr(message, "alternatives", []) if kind == "text/html"
    ]


def test_ticket_mails_escape_the_subject_and_text(
    world, clients, django_capture_on_commit_callbacks
):
    payload = PAYLOADS[13]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["teacher"].post(
            reverse("support:report"),
            {"category": "other", "subject": payload, "description": payload},
        )
    assert response.status_code == 302
    reference = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    from support.models import Ticket

    ticket = Ticket.objects.get(reference=reference)
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_ticket(ticket=ticket, author=world.users["agent"], body=payload)
    assert mail.outbox, "no mail was sent"
    for message in mail.outbox:
        for html in _html_parts(message):
            assert_inert(html, f"mail {message.subject!r}")


def test_line_breaks_in_a_subject_do_not_inject_mail_headers(
    world, clients, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["teacher"].post(
            reverse("support:report"),
            {
                "category": "other",
                "subject": "Display\r\nBcc: boss@evil.example\r\nX-Evil: 1",
                "description": "kaputt",
            },
        )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert mail.outbox, "the ticket was filed but no mail was sent"
    for message in mail.outbox:
        assert "boss@evil.example" not in message.bcc
        assert "\n" not in message.subject and "\r" not in message.subject
        headers = message.message().as_string().split("\n\n", 1)[0]
        assert "\nBcc: boss@evil.example" not in headers
        assert "\nX-Evil:" not in headers


def test_full_name_with_line_breaks_does_not_inject_mail_headers(
    client, school, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "neu@schule.example",
                "password1": "Ein-gutes-Passwort-42",
                "password2": "Ein-gutes-Passwort-42",
                "full_name": "Eva\r\nBcc: boss@evil.example",
                "school": school.pk,
            },
        )
    assert mail.outbox, "no verification mail was sent"
    for message in mail.outbox:
        assert "boss@evil.example" not in message.bcc
        headers = message.message().as_string().split("\n\n", 1)[0]
        assert "\nBcc: boss@evil.example" not in headers
