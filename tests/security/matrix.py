"""The permission matrix: every URL of the portal, who may open it, what others get.

`test_permission_matrix.py` walks the URL conf; every named pattern (unnamed ones
by their route) needs an entry in `MATRIX`, every viewset of the portal in the CMS
an entry in `CMS_VIEWSETS`, or a reason in `NOT_PROBED`. A new URL without one
fails the suite with "add it to tests/security/matrix.py".

Expected answers per role of the cast (`ROLES`):
  200, 302, 403, 404 ... exactly that status;
  LOGIN      a redirect to the log-in page (anonymous visitors);
  DENIED     403 or 404: the role may not use this page at all (no object named);
  NOT_FOUND  404: an object the role may not see must look like one that does not
             exist; objects of another school always answer 404, never 403.
Each URL gets one or more `Case`s; the `world` fixture (conftest.py) supplies the
objects: school A is the cast's school, school B the other one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ROLES = (
    "anonymous",
    "teacher",
    "other_school_teacher",
    "coordinator",
    "other_school_coordinator",
    "trainer",
    "other_trainer",
    "agent",
    "admin",
)
SCHOOL_ROLES = (
    "teacher",
    "other_school_teacher",
    "coordinator",
    "other_school_coordinator",
)

OK = 200
REDIRECT = 302
FORBIDDEN = 403
NOT_FOUND = 404
LOGIN = "login"
DENIED = "denied"


def expect(default: Any = NOT_FOUND, *, anonymous: Any = LOGIN, **roles: Any) -> dict:
    """Expected answer per role: `default` for every role not named."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {unknown}")
    result = dict.fromkeys(ROLES, default)
    result["anonymous"] = anonymous
    result.update(roles)
    return result


def everyone(status: Any = OK) -> dict:
    return expect(status, anonymous=status)


def logged_in(status: Any = OK) -> dict:
    return expect(status)


def only(status: Any, *allowed: str, others: Any = NOT_FOUND) -> dict:
    """`allowed` roles get `status`, the other logged-in roles `others`."""
    return expect(others, **dict.fromkeys(allowed, status))


Kwargs = Callable[[Any], dict]


@dataclass(frozen=True)
class Case:
    """One request against a URL pattern and the expected answer per role."""

    expect: dict
    kwargs: Kwargs = lambda w: {}
    args: Callable[[Any], list] | None = None
    method: str = "get"
    data: Callable[[Any], dict] = lambda w: {}
    query: str = ""
    label: str = ""


@dataclass(frozen=True)
class CmsViewSet:
    """A viewset of the portal in the Wagtail admin: who may use it.

    Every GET route of the namespace is probed: every role not in `allowed` must be
    refused on every route; the allowed roles must get the `entry_routes` (listing,
    inspect, chooser); what they may do beyond that (edit, delete) is the app's
    choice and only has to answer without an error. `obj` names the object for
    routes with a `pk`, `kwargs` fills other arguments.
    """

    allowed: tuple[str, ...]
    obj: Callable[[Any], Any] | None = None
    kwargs: Callable[[Any], dict] = lambda w: {}
    # Roles that may open the listing but only some objects (their own).
    listing_only: tuple[str, ...] = ()
    entry_routes: tuple[str, ...] = ("index", "list", "choose", "inspect", "upload")


def pk(name: str) -> Kwargs:
    return lambda w: {"pk": getattr(w, name).pk}


def ref(name: str, **extra: Callable[[Any], Any]) -> Kwargs:
    def build(w):
        kwargs = {"reference": getattr(w, name).reference}
        kwargs.update({key: get(w) for key, get in extra.items()})
        return kwargs

    return build


def school(attribute: str = "school", **extra: Callable[[Any], Any]) -> Kwargs:
    def build(w):
        kwargs = {"school_number": getattr(w, attribute).school_number}
        kwargs.update({key: get(w) for key, get in extra.items()})
        return kwargs

    return build


TICKET_VIEWERS = ("teacher", "coordinator", "agent", "admin")
IT_SERVICE = ("agent", "admin")
SESSION_STAFF = ("trainer", "admin")
COURSE_STAFF = ("trainer", "other_trainer", "admin")
NO_SCHOOL = ("trainer", "other_trainer", "agent", "admin")

MATRIX: dict[str, list[Case]] = {
    # --- portal -------------------------------------------------------------
    "healthz": [Case(everyone())],
    # Wagtail's own log-in form is not offered: one login for portal and CMS.
    "cms/login/": [Case(everyone(LOGIN))],
    "set_language": [
        Case(everyone(REDIRECT), method="post", data=lambda w: {"language": "en"})
    ],
    "accounts:profile": [Case(logged_in())],
    "accounts:delete": [Case(logged_in())],
    "sso:choose": [Case(everyone())],
    "sso:link": [Case(everyone(LOGIN), label="no iServ login pending")],
    "sso:connect": [
        Case(
            # 401: past the permission check, the (unreachable) iServ refused.
            only(401, "teacher", "coordinator"),
            method="post",
            label="only to the own school's iServ; school B has none",
        )
    ],
    # Wagtail's own routes in the portal's URL conf.
    "wagtail_serve": [
        Case(everyone(), args=lambda w: [""], label="home"),
        Case(everyone(), args=lambda w: [w.course.url.lstrip("/")], label="course"),
    ],
    "wagtailcore_login": [
        # A second log-in form would bypass allauth's rate limit and the MFA step.
        Case(everyone(LOGIN), label="must hand over to the portal's login")
    ],
    "_util/login/": [Case(everyone(LOGIN), label="the same, shadowing Wagtail's")],
    "wagtailcore_authenticate_with_password": [
        Case(
            everyone(NOT_FOUND),
            kwargs=lambda w: {"page_view_restriction_id": 999999, "page_id": 1},
        )
    ],
    "wagtaildocs_serve": [
        Case(
            expect(
                NOT_FOUND,
                anonymous=NOT_FOUND,
                teacher=OK,
                trainer=OK,
                other_trainer=OK,
                admin=OK,
            ),
            args=lambda w: [w.material.document.pk, w.material.document.filename],
            label="participant-only material",
        ),
        Case(
            everyone(),
            args=lambda w: [
                w.public_material.document.pk,
                w.public_material.document.filename,
            ],
            label="public material",
        ),
        Case(
            expect(
                NOT_FOUND,
                anonymous=NOT_FOUND,
                trainer=OK,
                other_trainer=OK,
                admin=OK,
            ),
            args=lambda w: [
                w.unreleased_document.pk,
                w.unreleased_document.filename,
            ],
            label="in the material collection, not released yet",
        ),
    ],
    "wagtaildocs_authenticate_with_password": [
        Case(everyone(NOT_FOUND), kwargs=lambda w: {"restriction_id": 999999})
    ],
    # --- courses: catalogue and booking -------------------------------------
    "courses:material": [
        Case(
            only(OK, "teacher", *COURSE_STAFF, others=NOT_FOUND) | {"anonymous": 404},
            kwargs=pk("material"),
            label="participant-only",
        ),
        Case(everyone(), kwargs=pk("public_material"), label="public"),
    ],
    "courses:book_session": [
        # Every logged-in user is sent back with a message (booked, or why not).
        Case(logged_in(REDIRECT), kwargs=pk("session"), method="post")
    ],
    "courses:cancel_registration": [
        Case(only(OK, "teacher"), kwargs=pk("registration"), label="confirm page"),
    ],
    "courses:my_courses": [Case(logged_in())],
    "courses:registration_ics": [Case(only(OK, "teacher"), kwargs=pk("registration"))],
    "courses:certificate": [
        Case(only(OK, "teacher"), kwargs=pk("attended"), label="attended"),
        Case(logged_in(NOT_FOUND), kwargs=pk("registration"), label="not attended yet"),
    ],
    "courses:manage_calendar_feed": [Case(logged_in(REDIRECT), method="post")],
    "courses:calendar_feed": [
        Case(everyone(), kwargs=lambda w: {"token": w.feed.token}, label="the secret"),
        Case(
            everyone(NOT_FOUND),
            kwargs=lambda w: {"token": "geraten-0000"},
            label="a guessed token",
        ),
    ],
    "courses:verify_certificate": [Case(everyone())],
    "courses:trainer_sessions": [Case(only(OK, *COURSE_STAFF, others=DENIED))],
    "courses:session_participants": [
        Case(only(OK, *SESSION_STAFF), kwargs=pk("session"))
    ],
    "courses:session_attendance": [
        Case(
            only(REDIRECT, *SESSION_STAFF),
            kwargs=pk("past_session"),
            method="post",
        )
    ],
    "courses:session_export": [
        Case(
            only(OK, *SESSION_STAFF),
            kwargs=lambda w: {"pk": w.session.pk, "fmt": "csv"},
            label="csv",
        ),
        Case(
            only(OK, *SESSION_STAFF),
            kwargs=lambda w: {"pk": w.session.pk, "fmt": "xlsx"},
            label="xlsx",
        ),
    ],
    "courses:session_sign_in_sheet": [
        Case(only(OK, *SESSION_STAFF), kwargs=pk("session"))
    ],
    "courses:session_message": [Case(only(OK, *SESSION_STAFF), kwargs=pk("session"))],
    "courses:session_move": [
        Case(
            only(OK, *SESSION_STAFF),
            kwargs=lambda w: {
                "pk": w.session.pk,
                "registration_pk": w.registration.pk,
            },
        )
    ],
    "courses:session_capacity": [
        Case(
            only(REDIRECT, *SESSION_STAFF),
            kwargs=pk("session"),
            method="post",
            data=lambda w: {"capacity": 12},
        )
    ],
    "courses:session_cancel": [Case(only(OK, *SESSION_STAFF), kwargs=pk("session"))],
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

#: Viewsets of the portal inside the Wagtail admin, by URL namespace.
CMS_VIEWSETS: dict[str, CmsViewSet] = {
    "schools": CmsViewSet(IT_SERVICE, obj=lambda w: w.school),
    "wagtailusers_users": CmsViewSet(("admin",), obj=lambda w: w.users["teacher"]),
    "iserv_logins": CmsViewSet(("admin",), obj=lambda w: w.iserv_connection),
    "course_sessions": CmsViewSet(
        SESSION_STAFF, obj=lambda w: w.session, listing_only=("other_trainer",)
    ),
    "device_import": CmsViewSet(IT_SERVICE, kwargs=lambda w: {"key": "unbekannt"}),
    **{
        f"wagtailsnippets_support_{model}": CmsViewSet(
            IT_SERVICE, obj=lambda w, m=model: w.cms_objects[m]
        )
        for model in (
            "device",
            "loan",
            "configurationprofile",
            "deliverybatch",
            "batchallocation",
        )
    },
    "wagtailsnippets_support_cannedreply": CmsViewSet(
        IT_SERVICE, obj=lambda w: w.canned_reply
    ),
    # Registrations and their history: read-only, administrators only.
    "booking_registrations": CmsViewSet(("admin",), obj=lambda w: w.registration),
    "booking_history": CmsViewSet(("admin",), obj=lambda w: w.booking_event),
    "booking_contingents": CmsViewSet(
        SESSION_STAFF, obj=lambda w: w.contingent, listing_only=("other_trainer",)
    ),
}

#: CMS namespaces not probed here, with the reason.
CMS_NOT_PROBED: dict[str, str] = {
    **{
        f"wagtailsnippetchoosers_support_{model}": (
            "choosers of school data: tests/security/test_choosers.py (every CMS "
            "user without a permission on the model gets 403)"
        )
        for model in (
            "device",
            "loan",
            "configurationprofile",
            "deliverybatch",
            "batchallocation",
        )
    },
    "wagtailsnippetchoosers_support_cannedreply": (
        "canned replies are standard texts, not school data: any CMS user may pick one"
    ),
}

#: URL modules (of `include()`d URL confs) whose pages are not the portal's own:
#: allauth's account pages are probed by test_accounts_security.py instead.
FOREIGN_URLCONFS = ("allauth.",)

#: Named patterns deliberately left out, with the reason.
NOT_PROBED: dict[str, str] = {
    "openid_connect_login": "allauth's OIDC redirect; probed by the SSO suite",
    "openid_connect_callback": "allauth's OIDC callback; probed by the SSO suite",
}
