"""Forms of the iServ login: choosing the school's iServ, confirming a link."""

from __future__ import annotations

from urllib.parse import urlsplit

from allauth.core import ratelimit
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.schools.models import School
from portal.sso.models import IServConnection


def host_of(address: str) -> str:
    """Host (and a non-default port) of an address typed with or without scheme."""
    address = address.strip().lower()
    if "://" not in address:
        address = f"https://{address}"
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:
        return ""
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}:{port}" if port and port not in (80, 443) else host


class IServChoiceForm(forms.Form):
    """The teacher picks her school, or types her iServ address."""

    school = forms.ModelChoiceField(
        label=_("Your school"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("Choose your school"),
        widget=forms.Select(
            attrs={
                "data-searchable-select": "",
                "data-filter-label": _("Search school by name, number or district"),
                "data-count-text": _("{n} schools match"),
            }
        ),
    )
    address = forms.CharField(
        label=_("or your iServ address"),
        required=False,
        max_length=200,
        help_text=_("For example schule.example.de, as you type it to open iServ."),
        widget=forms.TextInput(
            attrs={"inputmode": "url", "autocomplete": "url", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(
            iserv_connection__enabled=True
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        address, school = cleaned.get("address", ""), cleaned.get("school")
        if address:
            cleaned["connection"] = self._by_address(address)
        elif school:
            cleaned["connection"] = school.iserv_connection
        elif not self.errors:
            raise forms.ValidationError(
                _("Choose your school from the list or type your iServ address.")
            )
        return cleaned

    def _by_address(self, address: str) -> IServConnection:
        host = host_of(address)
        connections = IServConnection.objects.enabled().select_related("app", "school")
        found = [
            connection
            for connection in connections
            if host
            and host
            in {host_of(connection.issuer), host_of(connection.school.iserv_url)}
        ]
        if len(found) == 1:
            return found[0]
        if found:
            raise forms.ValidationError(
                {
                    "address": _(
                        "Several schools use this address. Please choose your "
                        "school from the list."
                    )
                }
            )
        raise forms.ValidationError(
            {
                "address": _(
                    "No school with the iServ address “%(address)s” uses iServ login "
                    "here yet. Check the address, choose your school from the list, "
                    "or log in with your e-mail and password."
                )
                % {"address": address}
            }
        )


class LinkAccountForm(forms.Form):
    """She proves that the existing portal account is hers: its password."""

    password = forms.CharField(
        label=_("Password of your portal account"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.request = user, request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        key = self.user.email.lower()
        if not ratelimit.consume(
            self.request, action="login_failed", key=key, dry_run=True
        ):
            raise forms.ValidationError(
                _("Too many wrong passwords. Please wait a few minutes and try again.")
            )
        if not self.user.check_password(password):
            ratelimit.consume(self.request, action="login_failed", key=key)
            raise forms.ValidationError(
                _(
                    "This is not the password of your portal account. Try again, "
                    "or reset it with “Forgot your password?”."
                )
            )
        return password
