"""Authentication backends: Django's and allauth's, with the user read through
the shared cache (`portal.accounts.user_cache`) on every request."""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from portal.accounts import user_cache


class _CachedUserMixin:
    def get_user(self, user_id):
        user = user_cache.get_user(user_id, super().get_user)
        # Checked again on a cached user: never trust an entry more than the row.
        return user if user is not None and self.user_can_authenticate(user) else None


class CachedModelBackend(_CachedUserMixin, ModelBackend):
    """Django's ModelBackend (password login by e-mail, `force_login`)."""


class CachedAuthenticationBackend(_CachedUserMixin, AuthenticationBackend):
    """allauth's backend (the portal's login form and single sign-on)."""
