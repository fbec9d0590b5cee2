"""Admin form of a school's iServ login; the app fields live in allauth's SocialApp."""

from __future__ import annotations

from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp
from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.sso.oidc.discovery import discovery_problem
from portal.sso.oidc.tokens import normalise_issuer
from portal.sso.services import configure_iserv

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class IServConnectionForm(WagtailAdminModelForm):
    issuer = forms.URLField(
        label=_("Issuer URL"),
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "The iServ's OpenID Connect issuer, e.g. https://schule.example.de/iserv "
            "(the address before /.well-known/openid-configuration)."
        ),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=191)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=191,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the stored secret."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        number = instance.school.school_number if instance.school_id else "<nr>"
        self.fields["client_id"].help_text = _(
            "Register the portal in iServ (Verwaltung → System → Single-Sign-On) with "
            "the redirect URI %(uri)s and copy the client ID and secret it shows."
        ) % {"uri": f"{settings.SITE_URL}/konto/oidc/iserv-{number}/login/callback/"}
        if instance.app_id:
            self.initial.setdefault("issuer", instance.issuer)
            self.initial.setdefault("client_id", instance.app.client_id)
        else:
            self.fields["client_secret"].required = True
            self.fields["client_secret"].help_text = ""

    def clean_issuer(self) -> str:
        issuer = normalise_issuer(self.cleaned_data["issuer"])
        parts = urlsplit(issuer)
        if parts.scheme != "https" and parts.hostname not in _LOOPBACK:
            raise forms.ValidationError(
                _(
                    "The issuer must be an https:// address, e.g. https://schule.de/iserv."
                )
            )
        return issuer

    def clean_client_id(self) -> str:
        client_id = self.cleaned_data["client_id"].strip()
        taken = SocialApp.objects.filter(
            provider="openid_connect", client_id=client_id
        ).exclude(pk=self.instance.app_id)
        if taken.exists():
            raise forms.ValidationError(
                _(
                    "Another school's iServ already uses this client ID. Copy the "
                    "client ID that this school's iServ shows for the portal."
                )
            )
        return client_id

    def clean(self):
        cleaned = super().clean()
        # Check the server before teachers are sent there (only while switched on,
        # so a school can be prepared before its iServ is reachable).
        if cleaned.get("issuer") and cleaned.get("enabled"):
            problem = discovery_problem(cleaned["issuer"])
            if problem:
                self.add_error("issuer", problem)
        return cleaned

    def save(self, commit=True):
        with transaction.atomic():
            configure_iserv(
                school=self.cleaned_data["school"],
                issuer=self.cleaned_data["issuer"],
                client_id=self.cleaned_data["client_id"],
                client_secret=self.cleaned_data.get("client_secret"),
                connection=self.instance,
            )
            return super().save(commit=commit)
