"""Forms of booking: the trainer's attendance, message, move, seats and cancel forms."""

from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from courses.models import CourseSession, Registration


class AttendanceForm(forms.Form):
    """One choice per participant: attended or did not attend."""

    CHOICES = [("1", _("Attended")), ("0", _("Did not attend"))]

    def __init__(self, *args, registrations: list[Registration], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        for registration in registrations:
            initial = {
                Registration.Status.ATTENDED: "1",
                Registration.Status.NO_SHOW: "0",
            }.get(registration.status)
            self.fields[f"r{registration.pk}"] = forms.ChoiceField(
                label=registration.teacher.display_name,
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                initial=initial,
                required=False,
            )

    def attendance(self) -> dict[int, bool]:
        """Registration id → attended, for the rows the trainer marked."""
        return {
            registration.pk: self.cleaned_data[f"r{registration.pk}"] == "1"
            for registration in self.registrations
            if self.cleaned_data.get(f"r{registration.pk}") in ("0", "1")
        }


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea,
        help_text=_("Sent as plain text to each participant separately."),
    )
    include_waitlist = forms.BooleanField(
        label=_("Also send to the waiting list"), required=False
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=1000,
        help_text=_("Raising the seats gives them to the waiting list at once."),
    )


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the participants)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MoveForm(forms.Form):
    to_session = forms.ModelChoiceField(
        label=_("New session"),
        queryset=CourseSession.objects.none(),
        empty_label=None,
        help_text=_("Only upcoming sessions of the same course with a free seat."),
    )

    def __init__(self, *args, session: CourseSession, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_session"]
        field.queryset = (
            CourseSession.objects.scheduled()
            .filter(course_id=session.course_id, start__gt=timezone.now())
            .exclude(pk=session.pk)
            .with_free_seats()
            .order_by("start")
        )
        field.label_from_instance = lambda s: (
            _("%(when)s (%(free)s free)")
            % {
                "when": formats.date_format(
                    timezone.localtime(s.start), "SHORT_DATETIME_FORMAT"
                ),
                "free": s.free_seats,
            }
        )


class VerifyCertificateForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("As printed on the certificate, for example ABCD-EFGH-JKLM."),
    )
