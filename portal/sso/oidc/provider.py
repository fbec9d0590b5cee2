"""allauth's OpenID Connect provider, hardened for the schools' iServ servers.

Installed through `SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]`, so the
provider keeps allauth's id "openid_connect" and its SocialApps; its URLs come from
`portal.sso.oidc.urls` (allauth looks them up in the provider's `package`). Compared
to allauth's class it always uses PKCE, sends and checks a nonce, insists that the
discovery document names the configured issuer, always verifies the ID token's
signature, and accepts userinfo only for the subject of the ID token.
"""

from __future__ import annotations

import secrets

from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
)
from allauth.socialaccount.providers.openid_connect.views import (
    OpenIDConnectOAuth2Adapter,
)
from requests import RequestException

from portal.sso.oidc.tokens import normalise_issuer, verify_id_token

DEFAULT_SCOPE = ["openid", "profile", "email", "groups", "roles"]


class IServOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    #: Set by the callback view from the login's stashed state.
    expected_nonce: str | None = None

    @property
    def openid_config(self) -> dict:
        config = super().openid_config
        configured = normalise_issuer(self.get_provider().app.settings["server_url"])
        if normalise_issuer(config.get("issuer", "")) != configured:
            raise OAuth2Error(
                "The discovery document names another issuer than configured."
            )
        return config

    def complete_login(self, request, app, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("The token response holds no ID token.")
        claims = verify_id_token(
            id_token=id_token,
            openid_config=self.openid_config,
            client_id=app.client_id,
            nonce=self.expected_nonce,
        )
        data = {"id_token": claims}
        if app.settings.get("fetch_userinfo", True):
            userinfo = self._fetch_user_info(token.token)
            if str(userinfo.get("sub")) != str(claims["sub"]):
                raise OAuth2Error("userinfo describes another subject.")
            data["userinfo"] = userinfo
        return self.get_provider().sociallogin_from_response(request, data)


class IServProvider(OpenIDConnectProvider):
    package = "portal.sso.oidc"
    oauth2_adapter_class = IServOAuth2Adapter

    def get_default_scope(self) -> list[str]:
        return list(DEFAULT_SCOPE)

    def get_pkce_params(self) -> dict:
        return generate_code_challenge()

    def extract_email_addresses(self, data):
        addresses = super().extract_email_addresses(data)
        for address in addresses:
            # Only an explicit true counts; "false", missing or odd values do not.
            address.verified = address.verified in (True, "true", "True")
        return addresses

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        try:
            return super().redirect(
                request,
                process,
                next_url,
                data,
                auth_params=auth_params,
                oidc_nonce=nonce,
                **kwargs,
            )
        except (OAuth2Error, RequestException) as error:
            return render_authentication_error(request, self, exception=error)
