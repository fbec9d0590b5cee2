"""E-mails of the helpdesk, queued after commit by the functions in `support.tickets`.

Every e-mail carries the reference, the subject and a link; none carries the text
of a message, so an internal note can never end up in a mailbox, and what the
school wrote stays in the portal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from portal import roles
from portal.accounts.models import User
from portal.emails import send_templated_email

TEMPLATE_DIR = "support/emails/"


def _school_url(ticket) -> str:
    return settings.SITE_URL + reverse("support:ticket", args=[ticket.reference])


def _queue_url(ticket) -> str:
    return settings.SITE_URL + reverse("support:queue_ticket", args=[ticket.reference])


def _context(ticket, url: str) -> dict:
    return {
        "reference": ticket.reference,
        "subject": ticket.subject,
        "school_name": ticket.school.name,
        "status": ticket.get_status_display,
        "category": ticket.get_category_display,
        "url": url,
    }


def _send_later(*, users: list[User], template: str, context: dict) -> None:
    recipients = [(u.email, u.preferred_language) for u in users if u.is_active]

    def send() -> None:
        for email, language in recipients:
            send_templated_email(
                to=email,
                template=TEMPLATE_DIR + template,
                context=context,
                language=language,
            )

    transaction.on_commit(send)


def _agents() -> list[User]:
    return list(
        User.objects.filter(groups__name=roles.AGENT, is_active=True).distinct()
    )


def _notify_team(ticket, template: str) -> None:
    context = _context(ticket, _queue_url(ticket))
    team_address = getattr(settings, "SUPPORT_TEAM_EMAIL", "")
    if team_address:
        transaction.on_commit(
            lambda: send_templated_email(
                to=team_address, template=TEMPLATE_DIR + template, context=context
            )
        )
    else:
        _send_later(users=_agents(), template=template, context=context)


def ticket_opened(ticket) -> None:
    """To the IT service (team address or every agent) and to the reporter."""
    _notify_team(ticket, "ticket_opened_team")
    _send_later(
        users=[ticket.reporter],
        template="ticket_opened_reporter",
        context=_context(ticket, _school_url(ticket)),
    )


def public_reply(ticket) -> None:
    """To the reporter: the IT service answered."""
    _send_later(
        users=[ticket.reporter],
        template="ticket_reply_reporter",
        context=_context(ticket, _school_url(ticket)),
    )


def status_changed(ticket) -> None:
    """To the reporter: a new status (including resolved and closed)."""
    _send_later(
        users=[ticket.reporter],
        template="ticket_status_reporter",
        context=_context(ticket, _school_url(ticket)),
    )


def school_reply(ticket) -> None:
    """To the assignee, or the team while nobody is assigned: the school answered."""
    if ticket.assignee_id:
        _send_later(
            users=[ticket.assignee],
            template="ticket_reply_team",
            context=_context(ticket, _queue_url(ticket)),
        )
    else:
        _notify_team(ticket, "ticket_reply_team")
