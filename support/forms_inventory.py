"""Forms of the school pages: device filter, loan and return."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from support.devices import InventoryError, check_pupil_reference
from support.models import Device, Loan, normalise_serial


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DeviceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Serial or asset tag"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + Device.Status.choices,
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        required=False,
        choices=[("", _("All"))] + Device.Purpose.choices,
    )

    def apply(self, devices):
        if not self.is_valid():
            return devices
        data = self.cleaned_data
        devices = devices.search(data["q"])
        if data["status"]:
            devices = devices.filter(status=data["status"])
        if data["purpose"]:
            devices = devices.filter(purpose=data["purpose"])
        return devices


class LoanForm(forms.Form):
    """Lend a device of the school; pupils only by the school's own code."""

    serial = forms.CharField(
        label=_("Serial number of the device"),
        max_length=30,
        help_text=_("On the back of the iPad or under Settings > General > About."),
    )
    borrower_type = forms.ChoiceField(
        label=_("Lent to"),
        choices=Loan.BorrowerType.choices,
        initial=Loan.BorrowerType.PUPIL,
        widget=forms.RadioSelect,
    )
    pupil_reference = forms.CharField(
        label=_("Pupil reference"),
        required=False,
        max_length=20,
        help_text=_(
            "The code from your school's own list, e.g. 7B-0412. Never enter a "
            "pupil's name: the name is written on the paper agreement only."
        ),
    )
    teacher = forms.ModelChoiceField(
        label=_("Teacher"),
        required=False,
        queryset=User.objects.none(),
        help_text=_("Only for a loan to a teacher of your school."),
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    expected_return = forms.DateField(
        label=_("Expected return"), required=False, widget=DateInput()
    )
    agreement_signed_on = forms.DateField(
        label=_("Loan agreement signed on"),
        required=False,
        widget=DateInput(),
        help_text=_("For pupils, the guardians sign. Leave empty until signed."),
    )
    accessories = forms.CharField(
        label=_("Accessories handed over"),
        required=False,
        max_length=200,
        help_text=_("e.g. case, charger, pencil"),
    )
    condition_at_issue = forms.CharField(
        label=_("Condition at issue"),
        required=False,
        max_length=200,
        help_text=_("e.g. new, scratch on the back"),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["teacher"].queryset = User.objects.filter(
            school=school, is_active=True, is_anonymised=False
        ).order_by("full_name")
        self.fields["issued_on"].initial = timezone.localdate()

    def clean_serial(self) -> Device:
        serial = normalise_serial(self.cleaned_data["serial"])
        device = Device.objects.filter(school=self.school, serial=serial).first()
        if device is None:
            raise forms.ValidationError(
                _(
                    "No device with serial %(serial)s belongs to your school. Check "
                    "the number (10 or 12 letters and digits)."
                ),
                params={"serial": serial},
            )
        return device

    def clean(self):
        data = super().clean()
        if data.get("borrower_type") == Loan.BorrowerType.TEACHER:
            if not data.get("teacher"):
                self.add_error("teacher", _("Choose the teacher who gets the device."))
            data["pupil_reference"] = ""
        else:
            data["teacher"] = None
            try:
                data["pupil_reference"] = check_pupil_reference(
                    data.get("pupil_reference", "")
                )
            except InventoryError as exc:
                self.add_error("pupil_reference", exc.message)
        return data


class ReturnForm(forms.Form):
    AFTER_RETURN = [
        (Device.Status.DELIVERED, _("Available again")),
        (Device.Status.IN_REPAIR, _("Needs repair")),
        (Device.Status.RETIRED, _("Retired (beyond repair)")),
    ]

    returned_on = forms.DateField(label=_("Returned on"), widget=DateInput())
    condition_at_return = forms.CharField(
        label=_("Condition at return"), required=False, max_length=200
    )
    device_status = forms.ChoiceField(
        label=_("The device is now"),
        choices=AFTER_RETURN,
        initial=Device.Status.DELIVERED,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returned_on"].initial = timezone.localdate()
