"""Linking an iServ login to an existing portal account (after her password)."""

from __future__ import annotations

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.db import transaction
from django.http import HttpRequest
from wagtail.log_actions import log

from portal.accounts.models import User
from portal.sso.claims import claims_of, roles_for_claims
from portal.sso.models import IServConnection
from portal.sso.services import sync_sso_roles

SESSION_KEY = "sso_pending_link"


def stash_pending_link(request: HttpRequest, sociallogin) -> None:
    """Keep the iServ login in the session until she confirms her password."""
    request.session[SESSION_KEY] = {
        "app": sociallogin.provider.app.pk,
        "sociallogin": sociallogin.serialize(),
    }


def pending_link(request: HttpRequest):
    """The stashed iServ login, or None when there is none or it does not load."""
    from allauth.socialaccount.models import SocialLogin

    stashed = request.session.get(SESSION_KEY)
    if not stashed:
        return None
    try:
        sociallogin = SocialLogin.deserialize(stashed["sociallogin"])
    except (ValueError, KeyError, ObjectDoesNotExist, MultipleObjectsReturned):
        return None
    # allauth finds the app again by client id; make sure it is the same app.
    if sociallogin.provider.app.pk != stashed["app"]:
        return None
    return sociallogin


def account_for_pending_link(sociallogin) -> User | None:
    """The existing account with the (verified) e-mail of the pending iServ login."""
    from allauth.account.utils import filter_users_by_email

    emails = [a.email for a in sociallogin.email_addresses if a.verified]
    users = filter_users_by_email(emails[0]) if emails else []
    return users[0] if users else None


def clear_pending_link(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


@transaction.atomic
def link_account(*, request: HttpRequest, sociallogin, user: User) -> None:
    """Connect the iServ account to `user` and give her the roles iServ grants.

    Call only after she confirmed the account's password: a matching e-mail alone
    never links two accounts.
    """
    connection = IServConnection.objects.for_app(sociallogin.provider.app)
    if connection is None or connection.school_id != user.school_id:
        raise PermissionError("This iServ does not belong to the account's school.")
    sociallogin.connect(request, user)
    granted = roles_for_claims(
        connection=connection, claims=claims_of(sociallogin.account.extra_data)
    )
    sync_sso_roles(user=user, granted=granted, connection=connection)
    log(
        instance=user,
        action="sso.linked",
        user=user,
        data={"school": connection.school_id, "provider": sociallogin.account.provider},
    )
