"""Forms of the inventory admin: devices (serial normalised) and profile versions."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from support.models.inventory import Device, normalise_serial, validate_serial


class DeviceAdminForm(WagtailAdminModelForm):
    """Accepts serials as typed ("f9fx k3ab cd12") and keeps loaned devices lent."""

    serial = forms.CharField(
        label=_("serial number"),
        max_length=30,
        help_text=_("10 or 12 letters and digits; spaces and lower case are fixed."),
    )

    def clean_serial(self) -> str:
        value = self.cleaned_data["serial"]
        validate_serial(value)
        return normalise_serial(value)

    def clean(self):
        data = super().clean()
        retiring = data.get("status") in (Device.Status.RETIRED, Device.Status.ORDERED)
        if self.instance.pk and retiring and self.instance.loans.open().exists():
            self.add_error(
                "status",
                _("The device is on loan. Record the return first (school page)."),
            )
        return data


def parse_apps(text: str) -> list[tuple[str, str]]:
    """One app per line as "Name | bundle.id"; a line that does not fit is an error."""
    apps, bad = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, bundle = line.rpartition("|")
        name, bundle = name.strip(), bundle.strip()
        if not sep or not name or "." not in bundle or " " in bundle:
            bad.append(str(number))
            continue
        apps.append((name, bundle))
    if bad:
        raise ValidationError(
            _(
                "Line(s) %(lines)s: write one app per line as “Name | bundle ID”, "
                "e.g. “Keynote | com.apple.Keynote”."
            )
            % {"lines": ", ".join(bad)}
        )
    return apps


class ProfileVersionForm(WagtailAdminModelForm):
    """Saving never edits a version: it makes the next one (see the create view)."""

    apps_text = forms.CharField(
        label=_("installed apps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One app per line: Name | bundle ID, e.g. Keynote | com.apple.Keynote"
        ),
    )

    def clean_apps_text(self) -> list[tuple[str, str]]:
        return parse_apps(self.cleaned_data.get("apps_text", ""))
