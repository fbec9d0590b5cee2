"""Login and callback views for the iServ apps (allauth's, with our adapter)."""

from __future__ import annotations

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2CallbackView,
    OAuth2LoginView,
)
from django.http import Http404
from requests import RequestException

from portal.sso.oidc.provider import IServOAuth2Adapter


class IServCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.expected_nonce = (state or {}).get("oidc_nonce")
        return state, response

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except (OAuth2Error, RequestException) as error:
            # allauth builds the token client outside its own error handling; a
            # server that changed its discovery document must not give a 500.
            provider = self.adapter.get_provider()
            return render_authentication_error(request, provider, exception=error)


@login_not_required
def login(request, provider_id):
    try:
        view = OAuth2LoginView.adapter_view(IServOAuth2Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required
def callback(request, provider_id):
    try:
        view = IServCallbackView.adapter_view(IServOAuth2Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
