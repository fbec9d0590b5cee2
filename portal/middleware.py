"""Request handling every page shares: language, CSP and the MFA gate for staff."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from portal.permissions import needs_mfa

CMS_PREFIX = "/cms/"


class PortalLanguageMiddleware:
    """German first: the language cookie, else the user's preference, else German.

    The browser's Accept-Language header is deliberately ignored: the portal is a
    German public-sector site and shows German until someone chooses English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            user = getattr(request, "user", None)
            language = (
                user.preferred_language
                if user is not None and user.is_authenticated
                else settings.LANGUAGE_CODE
            )
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere; the CMS admin's own scripts need inline code."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(CMS_PREFIX) and not report_only:
            parts.update = {
                "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
                "style-src": ["'unsafe-inline'"],
                "img-src": ["https:", "blob:"],
            }
            parts.replace = {"frame-ancestors": ["'self'"]}
        return parts


class StaffMFAMiddleware:
    """Trainers, agents and administrators reach /cms/ only after enrolling TOTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(CMS_PREFIX) and needs_mfa(request.user):
            if not request.user.has_mfa:
                messages.warning(
                    request,
                    _(
                        "Please set up two-factor authentication with an authenticator "
                        "app before you open the CMS."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
