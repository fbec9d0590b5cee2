"""Account use cases: roles on sign-up and deleting an account by anonymising it."""

from __future__ import annotations

import uuid

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from portal import roles
from portal.accounts.models import User


def grant_teacher_role(*, user: User) -> None:
    """Every self-registered school member is a teacher."""
    group, _ = Group.objects.get_or_create(name=roles.TEACHER)
    user.groups.add(group)


@transaction.atomic
def anonymise_user(*, user: User) -> None:
    """Delete a user's personal data but keep her bookings and tickets.

    The row stays so that registrations, tickets and history keep their author, who is
    shown as "deleted user". Name, e-mail, password, roles, e-mail addresses and MFA
    authenticators are removed; the account can never log in again. Sessions on other
    devices end at their next request: Django checks each session against the password
    hash, which changes here, and the user is inactive.
    """
    from allauth.mfa.models import Authenticator

    user.full_name = ""
    user.email = f"deleted-{uuid.uuid4().hex}@invalid"
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_anonymised = True
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
