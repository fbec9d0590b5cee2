"""Forms of the helpdesk: reporting, replying, and the IT service's changes."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.accounts.models import User
from support.attachments import (
    ALLOWED_DESCRIPTION,
    MAX_FILE_SIZE,
    MAX_FILES,
    clean_uploads,
)
from support.models import CannedReply, Ticket
from support.models.inventory import normalise_serial, validate_serial
from support.references import parse_reference

# `%` on a lazy string would translate at import time; this waits for the request.
_interpolate = lazy(lambda message, params: str(message) % params, str)

ACCEPT = "image/jpeg,image/png,image/heic,image/heif,.heic,.heif,application/pdf"
SERIAL_HELP = _(
    "10 or 12 letters and digits. On the iPad: Settings > General > About > Serial "
    "Number (tap and hold to copy). Also printed in small type on the back of the "
    "iPad and on the label of its box."
)
NO_PUPIL_NAMES = _(
    "Please do not enter names of pupils. If a loan is concerned, give the "
    "school's loan code (e.g. 7B-0412)."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to five files, each checked by content (see `support.attachments`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        kwargs.setdefault(
            "help_text",
            _interpolate(
                _(
                    "Up to %(count)d files: %(types)s, at most %(size)d MB each. A "
                    "photo of the problem often helps."
                ),
                {
                    "count": MAX_FILES,
                    "types": ALLOWED_DESCRIPTION,
                    "size": MAX_FILE_SIZE // (1024 * 1024),
                },
            ),
        )
        super().__init__(widget=MultipleFileInput(attrs={"accept": ACCEPT}), **kwargs)

    def clean(self, data, initial=None):
        uploads = [f for f in (data or []) if f] if isinstance(data, list) else []
        if data and not isinstance(data, list):
            uploads = [data]
        return clean_uploads(uploads)


class SerialField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("label", _("Serial number of the iPad"))
        kwargs.setdefault("help_text", SERIAL_HELP)
        super().__init__(**kwargs)

    def clean(self, value):
        value = normalise_serial(super().clean(value))
        if value:
            validate_serial(value)
        return value


class ReportForm(forms.Form):
    """ "Report a problem": category first, then device, subject and text."""

    category = forms.ChoiceField(
        label=_("What is the problem about?"),
        choices=[("", _("Please choose")), *Ticket.Category.choices],
    )
    serial = SerialField(
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        )
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=150,
        help_text=_("In a few words, e.g. “Display cracked after a fall”."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_interpolate(
            _("What happened, since when, what you already tried. %(note)s"),
            {"note": NO_PUPIL_NAMES},
        ),
    )
    attachments = AttachmentsField()


class ReplyForm(forms.Form):
    """A school's reply."""

    body = forms.CharField(
        label=_("Your reply"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=NO_PUPIL_NAMES,
    )
    attachments = AttachmentsField()


class AgentReplyForm(forms.Form):
    """The IT service's reply or internal note, optionally from a canned reply."""

    canned_reply = forms.ModelChoiceField(
        label=_("Canned reply"),
        queryset=CannedReply.objects.all(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("Its text is used when the text box is empty."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    internal = forms.BooleanField(
        label=_("Internal note (only the IT service sees it)"),
        required=False,
        label_suffix="",
    )
    status = forms.ChoiceField(
        label=_("Then set the status to"),
        required=False,
        choices=[("", _("(keep)")), *Ticket.Status.choices],
    )
    attachments = AttachmentsField()

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and data.get("canned_reply"):
            data["body"] = data["canned_reply"].body
        if not (data.get("body") or "").strip():
            self.add_error("body", _("Write a text or choose a canned reply."))
        return data


def agents_queryset(*, lazy: bool = False):
    """Active support agents by name.

    The group is looked up first so the database filters on its id: joined by
    name, PostgreSQL plans for an average group (thousands of teachers) and
    reads every user; by id it knows the handful of agents. `lazy` joins by
    name and costs no query until used: for a field that is validated by
    primary key and drawn seldom.
    """
    agents = User.objects.filter(is_active=True).order_by("full_name")
    if lazy:
        return agents.filter(groups__name=roles.AGENT)
    group_id = Group.objects.filter(name=roles.AGENT).values_list("pk", flat=True)
    group_id = group_id.first()
    if group_id is None:
        return User.objects.none()
    return agents.filter(groups__id=group_id)


class TicketChangeForm(forms.Form):
    """Status, priority, assignee and device of a ticket.

    The agents are listed from the kept HTML (`support.ticket_forms_html`,
    which lists them with `agents_queryset()`); a chosen one is read by
    primary key, so the form itself costs no query until it is validated.
    """

    status = forms.ChoiceField(label=_("Status"), choices=Ticket.Status.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Ticket.Priority.choices)
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=agents_queryset(lazy=True),
        required=False,
        empty_label=_("(nobody)"),
    )
    serial = SerialField(help_text=_("Empty when no device is concerned."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "change_%s")  # unique ids beside the reply form
        super().__init__(*args, **kwargs)


class MergeForm(forms.Form):
    target = forms.CharField(
        label=_("Merge into ticket"),
        max_length=20,
        help_text=_(
            "Reference of the ticket that stays, e.g. T-2026-000123. This ticket's "
            "messages move there and this ticket is closed."
        ),
    )

    def clean_target(self) -> str:
        value = self.cleaned_data["target"].strip().upper()
        if parse_reference(value) is None:
            raise ValidationError(
                _("Enter a reference like T-2026-000123."), code="bad_reference"
            )
        return value


class BulkForm(forms.Form):
    """Bulk assignment or status change of the tickets ticked in the queue."""

    tickets = forms.ModelMultipleChoiceField(
        queryset=Ticket.objects.all(),
        to_field_name="reference",
        error_messages={"required": _("Tick at least one ticket.")},
    )
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(keep)"),
    )
    unassign = forms.BooleanField(label=_("Remove assignee"), required=False)
    status = forms.ChoiceField(
        label=_("Set status"),
        required=False,
        choices=[("", _("(keep)")), *Ticket.Status.choices],
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "bulk_%s")  # unique ids beside the filters
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents_queryset()

    def clean(self):
        data = super().clean()
        if not (data.get("assignee") or data.get("unassign") or data.get("status")):
            raise ValidationError(
                _("Choose an assignee, “remove assignee” or a status to apply.")
            )
        return data


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Name of the filter"), max_length=60)
    query = forms.CharField(widget=forms.HiddenInput, max_length=500, required=False)
