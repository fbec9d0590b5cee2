"""Request handling every page shares: language, CSP and the MFA gate for staff."""

from __future__ import annotations

from dataclasses import asdict

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
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


#: What a view or decorator of django-csp may set on a response to change its policy.
_RESPONSE_POLICY = tuple(
    f"_csp_{name}{suffix}"
    for name in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


class PortalCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere; the CMS admin's own scripts need inline code.

    Nearly every response carries the same policy: django-csp builds it anew
    for each (45 µs). A response nothing customised (no nonce asked for, no
    decorator, not the CMS, no report-only policy, no excluded prefix) gets the
    header built once per policy setting instead; every other goes through
    django-csp as before. Tests compare both for each kind of response.
    """

    _plain: tuple[object, str] | None = None

    def process_response(self, request, response):
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if (
            policy
            and not settings.DEBUG
            and not policy.get("EXCLUDE_URL_PREFIXES")
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and getattr(request, "_csp_nonce", None) is None
            and not request.path.startswith(CMS_PREFIX)
            and not any(hasattr(response, name) for name in _RESPONSE_POLICY)
        ):
            if HEADER not in response:
                response[HEADER] = self._plain_policy(request, response, policy)
            # As django-csp: a nonce asked for after the header is an error.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
            return response
        return super().process_response(request, response)

    def _plain_policy(self, request, response, policy) -> str:
        kept = PortalCSPMiddleware._plain
        if kept is None or kept[0] is not policy:
            parts = self.get_policy_parts(request=request, response=response)
            kept = PortalCSPMiddleware._plain = (policy, build_policy(**asdict(parts)))
        return kept[1]

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
