"""Every e-mail of the portal goes through here.

`send_templated_email` renders a subject, a text and an HTML template in the
recipient's language and queues the sending as a task. In development and tests the
immediate backend sends at once; in production the database backend's worker
(`manage.py db_worker`) sends, so a slow or failing mail server never slows or
breaks a request. Call it inside `transaction.on_commit` from domain functions.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_email_task(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    """Send one message; attachments are (filename, text content, mimetype)."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()


def render_email(
    template: str, context: dict[str, Any], language: str | None = None
) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `_body.txt` and `_body.html` in `language`."""
    context = {
        "site_url": settings.SITE_URL,
        "site_name": settings.WAGTAIL_SITE_NAME,
        **context,
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context).strip()
        html = render_to_string(f"{template}_body.html", context).strip()
    return subject, body, html


def send_templated_email(
    *,
    to: list[str] | str,
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    """Render the e-mail now and queue its sending; failures are logged, not raised."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    subject, body, html = render_email(template, context, language)
    try:
        send_email_task.enqueue(
            to=recipients,
            subject=subject,
            body=body,
            html=html,
            attachments=attachments,
        )
    except Exception:  # a mail server fault must never undo the user's action
        logger.exception(
            "Could not send e-mail %s to %d recipients", template, len(recipients)
        )


def send_prepared_email(
    *, to: list[str], subject: str, body: str, html: str = ""
) -> None:
    """Queue an e-mail rendered elsewhere (allauth renders its own)."""
    try:
        send_email_task.enqueue(to=to, subject=subject, body=body, html=html)
    except Exception:
        logger.exception("Could not send e-mail %r", subject)
