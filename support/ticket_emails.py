"""E-mails of the helpdesk, queued after commit by the functions in `support.tickets`.

Every e-mail carries the reference, the subject and a link; none carries the text
of a message, so an internal note can never end up in a mailbox, and what the
school wrote stays in the portal.

A change queues one task after commit, `send_ticket_emails`, naming the notices
it causes: a template and to whom, the IT service (the team address or every
agent) or one user. The task worker finds the recipients, renders each e-mail
once per language and queues one e-mail per recipient. Filing a ticket so
writes one task row in the request instead of rendering and queueing an e-mail
for every agent. Templates ending in `_team` link to the queue, the others to
the school's ticket page.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from portal import roles
from portal.accounts.models import User
from portal.emails import render_email, send_prepared_email

TEMPLATE_DIR = "support/emails/"
#: The recipient of a notice to the IT service.
TEAM = "team"
logger = logging.getLogger(__name__)


def _school_url(ticket) -> str:
    return settings.SITE_URL + reverse("support:ticket", args=[ticket.reference])


def _queue_url(ticket) -> str:
    return settings.SITE_URL + reverse("support:queue_ticket", args=[ticket.reference])


def _label(choices, value: str):
    """The lazily translated label of a choice (the value if it has none): it
    becomes the recipient's language when the e-mail is rendered. A bound
    `get_FOO_display` is not called by `{% blocktranslate %}`, which then
    printed the method itself."""
    return dict(choices).get(value, value)


def _context(ticket, url: str) -> dict:
    return {
        "reference": ticket.reference,
        "subject": ticket.subject,
        "school_name": ticket.school.name,
        "status": _label(ticket.Status.choices, ticket.status),
        "category": _label(ticket.Category.choices, ticket.category),
        "url": url,
    }


def _queue(ticket, *notices: tuple[str, int | str]) -> None:
    """Queue the task for `notices` (template, recipient) once the change commits;
    the status is the one this change set, whatever a later change sets."""
    arguments = {
        "ticket_id": ticket.pk,
        "status": ticket.status,
        "notices": [[template, to] for template, to in notices],
    }

    def enqueue() -> None:
        try:
            send_ticket_emails.enqueue(**arguments)
        except Exception:  # the change is saved; a queue fault must not undo it
            logger.exception("Could not queue the e-mails of ticket %s", ticket.pk)

    transaction.on_commit(enqueue)


def ticket_opened(ticket) -> None:
    """To the IT service (team address or every agent) and to the reporter."""
    _queue(
        ticket,
        ("ticket_opened_team", TEAM),
        ("ticket_opened_reporter", ticket.reporter_id),
    )


def public_reply(ticket) -> None:
    """To the reporter: the IT service answered."""
    _queue(ticket, ("ticket_reply_reporter", ticket.reporter_id))


def status_changed(ticket) -> None:
    """To the reporter: a new status (including resolved and closed)."""
    _queue(ticket, ("ticket_status_reporter", ticket.reporter_id))


def school_reply(ticket) -> None:
    """To the assignee, or the team while nobody is assigned: the school answered."""
    _queue(ticket, ("ticket_reply_team", ticket.assignee_id or TEAM))


def _recipients(to: int | str) -> list[tuple[str, str | None]]:
    """(address, language) of a notice's recipients; active users only."""
    if to == TEAM:
        team_address = getattr(settings, "SUPPORT_TEAM_EMAIL", "")
        if team_address:
            return [(team_address, None)]
        users = User.objects.filter(groups__name=roles.AGENT, is_active=True)
    else:
        users = User.objects.filter(pk=to, is_active=True)
    return list(users.distinct().values_list("email", "preferred_language"))


@task()
def send_ticket_emails(*, ticket_id: int, status: str, notices: list[list]) -> None:
    """Render the e-mails of one change of a ticket and queue one per recipient."""
    from support.models import Ticket

    ticket = Ticket.objects.select_related("school").filter(pk=ticket_id).first()
    if ticket is None:
        return
    ticket.status = status
    for template, to in notices:
        url = _queue_url(ticket) if template.endswith("_team") else _school_url(ticket)
        context = _context(ticket, url)
        by_language = defaultdict(list)
        for address, language in _recipients(to):
            by_language[language].append(address)
        for language, addresses in by_language.items():
            subject, body, html = render_email(
                TEMPLATE_DIR + template, context, language
            )
            for address in addresses:
                send_prepared_email(to=[address], subject=subject, body=body, html=html)
