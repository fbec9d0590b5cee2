"""The permission matrix: every URL of the portal, who may open it, what others get.

`test_permission_matrix.py` walks the URL conf; every named pattern (unnamed ones
by their route) needs an entry in `MATRIX`, every viewset of the portal in the CMS
an entry in `CMS_VIEWSETS`, or a reason in `NOT_PROBED`. A new URL without one
fails the suite with "add it to tests/security/matrix.py". The helpdesk and
inventory entries are in matrix_support.py, the vocabulary below in expectations.py.

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

from tests.security.expectations import (
    COURSE_STAFF,
    DENIED,
    IT_SERVICE,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    SESSION_STAFF,
    Case,
    CmsViewSet,
    everyone,
    expect,
    logged_in,
    only,
    pk,
)
from tests.security.matrix_support import SUPPORT_MATRIX

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
    **SUPPORT_MATRIX,
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
