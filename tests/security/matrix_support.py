"""The permission matrix of the helpdesk and the inventory (part of `MATRIX`
in matrix.py, which explains the expected answers)."""

from __future__ import annotations

from tests.security.expectations import (
    DENIED,
    IT_SERVICE,
    NOT_FOUND,
    OK,
    REDIRECT,
    SCHOOL_ROLES,
    TICKET_VIEWERS,
    Case,
    everyone,
    logged_in,
    only,
    pk,
    ref,
    school,
)

SUPPORT_MATRIX: dict[str, list[Case]] = {
    # --- support: helpdesk, school side ----------------------------------------
    "support:report": [Case(only(OK, *SCHOOL_ROLES, others=DENIED))],
    "support:help_suggestions": [Case(everyone(), query="?category=display")],
    "support:device_lookup": [
        Case(
            only(
                OK,
                "coordinator",
                "other_school_coordinator",
                *IT_SERVICE,
                others=DENIED,
            ),
            query="?q=F9FX",
        )
    ],
    "support:tickets": [Case(only(OK, *SCHOOL_ROLES, others=DENIED))],
    "support:ticket": [
        Case(only(OK, *TICKET_VIEWERS), kwargs=ref("ticket"), label="own ticket"),
        Case(
            only(OK, "coordinator", *IT_SERVICE),
            kwargs=ref("colleague_ticket"),
            label="a colleague's ticket",
        ),
        Case(
            only(OK, "other_school_teacher", "other_school_coordinator", *IT_SERVICE),
            kwargs=ref("other_ticket"),
            label="other school's ticket",
        ),
    ],
    "support:ticket_reply": [
        Case(
            only(REDIRECT, *TICKET_VIEWERS),
            kwargs=ref("ticket"),
            method="post",
            data=lambda w: {"body": "Danke!"},
        ),
        Case(
            only(REDIRECT, "coordinator", *IT_SERVICE),
            kwargs=ref("colleague_ticket"),
            method="post",
            data=lambda w: {"body": "Danke!"},
            label="a colleague's ticket",
        ),
    ],
    "support:ticket_close": [
        Case(only(REDIRECT, *TICKET_VIEWERS), kwargs=ref("ticket"), method="post"),
        Case(
            only(REDIRECT, "coordinator", *IT_SERVICE),
            kwargs=ref("colleague_ticket"),
            method="post",
            label="a colleague's ticket",
        ),
    ],
    "support:ticket_message": [
        Case(
            only(REDIRECT, *TICKET_VIEWERS),
            kwargs=ref("ticket", pk=lambda w: w.reply.pk),
            label="public reply",
        ),
        Case(
            only(REDIRECT, *IT_SERVICE),
            kwargs=ref("ticket", pk=lambda w: w.internal_note.pk),
            label="internal note",
        ),
        Case(
            logged_in(NOT_FOUND),
            kwargs=ref("colleague_ticket", pk=lambda w: w.reply.pk),
            label="message under another ticket's reference",
        ),
    ],
    "support:ticket_attachment": [
        Case(
            only(OK, *TICKET_VIEWERS),
            kwargs=ref("ticket", pk=lambda w: w.attachment.pk),
            label="of a public reply",
        ),
        Case(
            only(OK, *IT_SERVICE),
            kwargs=ref("ticket", pk=lambda w: w.internal_attachment.pk),
            label="of an internal note",
        ),
        Case(
            logged_in(NOT_FOUND),
            kwargs=ref("colleague_ticket", pk=lambda w: w.attachment.pk),
            label="under another ticket's reference",
        ),
    ],
    "support:help_search": [Case(everyone(), query="?q=WLAN")],
    # --- support: inventory, school side -------------------------------------
    "support:my_school": [
        Case(
            only(OK, "coordinator", "other_school_coordinator")
            | dict.fromkeys(IT_SERVICE, REDIRECT),
            label="own school; the IT service goes to the delivery overview",
        )
    ],
    "support:school": [
        Case(only(OK, "coordinator", *IT_SERVICE), kwargs=school()),
        Case(
            only(OK, "other_school_coordinator", *IT_SERVICE),
            kwargs=school("other_school"),
            label="school B",
        ),
        Case(
            logged_in(NOT_FOUND),
            kwargs=lambda w: {"school_number": "999999"},
            label="unknown school",
        ),
    ],
    "support:school_devices": [
        Case(only(OK, "coordinator", *IT_SERVICE), kwargs=school())
    ],
    "support:school_device": [
        Case(
            only(OK, "coordinator", *IT_SERVICE),
            kwargs=school(serial=lambda w: w.device.serial),
        ),
        Case(
            logged_in(NOT_FOUND),
            kwargs=school(serial=lambda w: w.other_device.serial),
            label="school B's device under school A",
        ),
    ],
    "support:school_loans": [
        Case(only(OK, "coordinator", *IT_SERVICE), kwargs=school())
    ],
    "support:loan_create": [
        Case(only(OK, "coordinator", *IT_SERVICE), kwargs=school())
    ],
    "support:loan_return": [
        Case(
            only(OK, "coordinator", *IT_SERVICE),
            kwargs=school(pk=lambda w: w.loan.pk),
        ),
        Case(
            logged_in(NOT_FOUND),
            kwargs=school(pk=lambda w: w.other_loan.pk),
            label="school B's loan under school A",
        ),
    ],
    "support:loan_agreement": [
        Case(
            only(OK, "coordinator", *IT_SERVICE),
            kwargs=school(pk=lambda w: w.loan.pk),
        ),
        Case(
            only(OK, "other_school_coordinator", *IT_SERVICE),
            kwargs=school("other_school", pk=lambda w: w.other_loan.pk),
            label="school B",
        ),
    ],
    "support:delivery_overview": [Case(only(OK, *IT_SERVICE))],
    # --- support: helpdesk, IT service ---------------------------------------
    "support:queue": [Case(only(OK, *IT_SERVICE, others=DENIED))],
    "support:queue_bulk": [
        Case(
            only(REDIRECT, *IT_SERVICE, others=DENIED),
            method="post",
            data=lambda w: {"tickets": [w.ticket.pk], "action": "status"},
        )
    ],
    "support:queue_export": [Case(only(OK, *IT_SERVICE, others=DENIED))],
    "support:queue_save_filter": [
        Case(
            only(REDIRECT, *IT_SERVICE, others=DENIED),
            method="post",
            data=lambda w: {"name": "Neu", "query": "status=new"},
        )
    ],
    "support:queue_delete_filter": [
        Case(
            only(REDIRECT, "agent", others=DENIED) | {"admin": NOT_FOUND},
            kwargs=pk("saved_filter"),
            method="post",
            label="another agent's filter is not found",
        )
    ],
    "support:reports": [Case(only(OK, *IT_SERVICE, others=DENIED))],
    "support:reports_csv": [Case(only(OK, *IT_SERVICE, others=DENIED))],
    "support:queue_ticket": [
        Case(only(OK, *IT_SERVICE, others=DENIED), kwargs=ref("ticket"))
    ],
    "support:queue_reply": [
        Case(
            only(REDIRECT, *IT_SERVICE, others=DENIED),
            kwargs=ref("ticket"),
            method="post",
            data=lambda w: {"body": "Antwort", "visibility": "public"},
        )
    ],
    "support:queue_change": [
        Case(
            only(400, *IT_SERVICE, others=DENIED),
            label="empty form: told what is missing",
            kwargs=ref("ticket"),
            method="post",
        )
    ],
    "support:queue_merge": [
        Case(
            only(400, *IT_SERVICE, others=DENIED),
            label="empty form: told what is missing",
            kwargs=ref("ticket"),
            method="post",
        )
    ],
    "support:queue_confirm_loss": [
        Case(
            only(REDIRECT, *IT_SERVICE, others=DENIED),
            kwargs=ref("ticket"),
            method="post",
        )
    ],
}
