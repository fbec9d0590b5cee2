"""Who may open which ticket URL: everyone else gets 404 (anonymous: the login)."""

import pytest
from django.urls import reverse

from support import tickets as helpdesk
from support.attachments import clean_upload
from tests.support.ticket_fixtures import PDF_BYTES, file_ticket, upload

pytestmark = pytest.mark.django_db

ROLES = [
    "teacher",
    "colleague",
    "coordinator",
    "other_school_coordinator",
    "other_school_teacher",
    "agent",
    "admin",
]
SCHOOL_ALLOWED = {"teacher", "coordinator", "agent", "admin"}
AGENTS = {"agent", "admin"}

# (url name, method, data, status when allowed)
SCHOOL_URLS = [
    ("support:ticket", "get", None, 200),
    ("support:ticket_reply", "post", {"body": "Danke!"}, 302),
    ("support:ticket_close", "post", {}, 302),
]
AGENT_URLS = [
    ("support:queue_ticket", "get", None, 200),
    ("support:queue_reply", "post", {"body": "Notiz", "internal": "on"}, 302),
    ("support:queue_change", "post", {"status": "open", "priority": "high"}, 302),
    ("support:queue_merge", "post", {"target": "T-2000-000001"}, 400),
    ("support:queue_confirm_loss", "post", {}, 302),
]


@pytest.fixture
def filed(teacher, agent):
    """A ticket of the teacher with a public attachment and an internal note with
    an attachment of its own."""
    ticket = file_ticket(
        teacher, files=[clean_upload(upload("lieferschein.pdf", PDF_BYTES))]
    )
    note = helpdesk.reply_to_ticket(
        ticket=ticket,
        author=agent,
        body="Intern: Gerät schon zweimal repariert.",
        internal=True,
        files=[clean_upload(upload("intern.pdf", PDF_BYTES))],
    )
    return ticket, ticket.messages.get(is_internal=False), note


def _request(client, method, url, data):
    return client.post(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "data", "ok"), SCHOOL_URLS)
def test_school_ticket_urls(request, client, filed, role, name, method, data, ok):
    ticket, _public, _note = filed
    client.force_login(request.getfixturevalue(role))
    response = _request(client, method, reverse(name, args=[ticket.reference]), data)
    assert response.status_code == (ok if role in SCHOOL_ALLOWED else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "data", "ok"), AGENT_URLS)
def test_agent_ticket_urls(request, client, filed, role, name, method, data, ok):
    ticket, _public, _note = filed
    client.force_login(request.getfixturevalue(role))
    response = _request(client, method, reverse(name, args=[ticket.reference]), data)
    assert response.status_code == (ok if role in AGENTS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_public_message_and_attachment(request, client, filed, role):
    ticket, public, _note = filed
    client.force_login(request.getfixturevalue(role))
    attachment = public.attachments.get()
    message_url = reverse("support:ticket_message", args=[ticket.reference, public.pk])
    file_url = reverse(
        "support:ticket_attachment", args=[ticket.reference, attachment.pk]
    )
    message_response, file_response = client.get(message_url), client.get(file_url)
    if role in SCHOOL_ALLOWED:
        assert message_response.status_code == 302
        assert message_response.url.endswith(f"#message-{public.pk}")
        assert file_response.status_code == 200
        assert file_response["Content-Disposition"].startswith("attachment;")
        assert file_response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(file_response.streaming_content) == PDF_BYTES
    else:
        assert message_response.status_code == 404
        assert file_response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_internal_note_and_its_attachment_only_for_agents(request, client, filed, role):
    ticket, _public, note = filed
    client.force_login(request.getfixturevalue(role))
    attachment = note.attachments.get()
    message_url = reverse("support:ticket_message", args=[ticket.reference, note.pk])
    file_url = reverse(
        "support:ticket_attachment", args=[ticket.reference, attachment.pk]
    )
    expected = (302, 200) if role in AGENTS else (404, 404)
    assert (client.get(message_url).status_code, client.get(file_url).status_code) == (
        expected
    )


def test_attachment_of_another_ticket_is_404_through_my_ticket(client, teacher, filed):
    ticket, public, _note = filed
    mine = file_ticket(teacher, subject="Zweites")
    client.force_login(teacher)
    url = reverse(
        "support:ticket_attachment", args=[mine.reference, public.attachments.get().pk]
    )
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login_for_every_ticket_url(client, filed):
    ticket, public, _note = filed
    urls = [reverse(n, args=[ticket.reference]) for n, *_ in SCHOOL_URLS + AGENT_URLS]
    urls += [
        reverse("support:ticket_message", args=[ticket.reference, public.pk]),
        reverse("support:tickets"),
        reverse("support:report"),
        reverse("support:queue"),
    ]
    for url in urls:
        response = client.post(url) if "antworten" in url else client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


@pytest.mark.parametrize("role", ["trainer", "agent", "admin"])
def test_staff_without_school_cannot_report(request, client, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("support:report")).status_code == 403


@pytest.mark.parametrize("role", ROLES[:5] + ["trainer"])
def test_queue_and_reports_are_for_agents_only(request, client, role):
    client.force_login(request.getfixturevalue(role))
    for name in ["support:queue", "support:reports", "support:reports_csv"]:
        assert client.get(reverse(name)).status_code == 404


def test_agent_without_two_factor_is_sent_to_enrol(client):
    from tests.factories import UserFactory

    agent = UserFactory(school=None, roles=["Support agent"])
    client.force_login(agent)
    response = client.get(reverse("support:queue"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_agent_manages_canned_replies_and_admin_the_service_levels(
    client, agent, admin
):
    client.force_login(agent)
    assert client.get("/cms/snippets/support/cannedreply/").status_code == 200
    assert client.get("/cms/snippets/support/cannedreply/add/").status_code == 200
    client.force_login(admin)
    response = client.get("/cms/settings/support/helpdesksettings/", follow=True)
    assert response.status_code == 200
    assert "Arbeitstag" in response.content.decode()
