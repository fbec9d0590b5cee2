"""allauth's socialaccount adapter for the schools' iServ logins.

The rules (issue 9): the school comes from the app that authenticated the user, never
from a claim; her roles come from the school's mapping table; someone whose groups
map to nothing is refused with a page that says so; an existing local account with
the same (verified) e-mail is linked only after she confirms its password.
"""

from __future__ import annotations

import logging

from allauth.account.utils import filter_users_by_email
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.shortcuts import redirect

from portal.sso import views
from portal.sso.claims import claims_of, roles_for_claims
from portal.sso.linking import stash_pending_link
from portal.sso.models import IServConnection
from portal.sso.services import sync_sso_roles

logger = logging.getLogger(__name__)


def connection_of(sociallogin) -> IServConnection | None:
    """The enabled school connection whose app authenticated this login."""
    connection = IServConnection.objects.for_app(sociallogin.provider.app)
    if connection is None or not connection.enabled:
        return None
    return connection


def _refuse(request, reason: str, connection: IServConnection | None):
    logger.info(
        "iServ login refused (%s): %s",
        connection.app.provider_id if connection else "unknown app",
        reason,
    )
    raise ImmediateHttpResponse(views.refused(request, reason, connection))


class PortalSocialAccountAdapter(DefaultSocialAccountAdapter):
    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        # The page stays vague on purpose; the reason goes to the log.
        logger.warning(
            "iServ login refused (%s): %s %s",
            getattr(provider, "sub_id", provider),
            error,
            exception,
        )

    def pre_social_login(self, request, sociallogin) -> None:
        connection = connection_of(sociallogin)
        if connection is None:
            _refuse(request, views.Refusal.NOT_CONFIGURED, None)
        granted = roles_for_claims(
            connection=connection, claims=claims_of(sociallogin.account.extra_data)
        )
        if not granted:
            _refuse(request, views.Refusal.NO_ROLE, connection)
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            if request.user.school_id != connection.school_id:
                _refuse(request, views.Refusal.OTHER_SCHOOL, connection)
            return
        if sociallogin.is_existing:
            user = sociallogin.user
            if user.school_id != connection.school_id:
                _refuse(request, views.Refusal.OTHER_SCHOOL, connection)
            sync_sso_roles(user=user, granted=granted, connection=connection)
            return
        address = next(iter(sociallogin.email_addresses), None)
        if address and address.verified:
            users = filter_users_by_email(address.email)
            if users:
                if users[0].school_id != connection.school_id:
                    _refuse(request, views.Refusal.OTHER_SCHOOL, connection)
                stash_pending_link(request, sociallogin)
                raise ImmediateHttpResponse(redirect("sso:link"))
        # Otherwise allauth signs her up (or, for an unverified e-mail that is
        # taken, answers as if it sent a verification mail: no enumeration).

    def populate_user(self, request, sociallogin, data):
        user = sociallogin.user
        user.email = (data.get("email") or "").strip().lower()
        full_name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = (full_name or user.email)[:150]
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "de")[:8]
        connection = connection_of(sociallogin)
        user.school = connection.school if connection else None
        return user

    def save_user(self, request, sociallogin, form=None):
        connection = connection_of(sociallogin)
        user = super().save_user(request, sociallogin, form)
        # Even if a sign-up form asked for a school, the issuer decides.
        user.school = connection.school
        user.save(update_fields=["school"])
        granted = roles_for_claims(
            connection=connection, claims=claims_of(sociallogin.account.extra_data)
        )
        sync_sso_roles(user=user, granted=granted, connection=connection)
        return user
