"""Checking a school's iServ before its login is switched on (admin form)."""

from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from django.utils.translation import gettext as _
from requests import RequestException

from portal.sso.oidc.tokens import normalise_issuer

REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")


def discovery_problem(issuer: str) -> str | None:
    """What is wrong with the issuer's discovery document, or None if it is usable."""
    url = f"{normalise_issuer(issuer)}/.well-known/openid-configuration"
    try:
        with get_adapter().get_requests_session() as session:
            response = session.get(url)
            response.raise_for_status()
            config = response.json()
    except (RequestException, ValueError):
        return _(
            "The server did not answer at %(url)s with an OpenID Connect "
            "configuration. Check the address and that single sign-on is switched "
            "on in iServ."
        ) % {"url": url}
    found = normalise_issuer(str(config.get("issuer", "")))
    if found != normalise_issuer(issuer):
        return _(
            "This server names itself “%(found)s” as issuer. Enter exactly that "
            "address."
        ) % {"found": found}
    missing = [key for key in REQUIRED_ENDPOINTS if not config.get(key)]
    if missing:
        return _("The server's configuration lacks %(keys)s.") % {
            "keys": ", ".join(missing)
        }
    methods = config.get("code_challenge_methods_supported")
    if methods is not None and "S256" not in methods:
        return _("The server does not support PKCE with S256, which the portal uses.")
    return None
