"""Custom views of the inventory admin: inspect pages with history, the profile
version form, the bulk status change and the agents' import upload."""

from __future__ import annotations

import secrets

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import LogFormatter
from wagtail.models import ModelLogEntry
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import CreateView, InspectView

from support.devices import bulk_change_status, create_profile_version
from support.importer import import_devices
from support.models import ConfigurationProfile, Device
from support.permissions import sees_delivery_overview

#: Other parts of support (tickets) add panels to a device's inspect page by
#: registering a function `(request, device) -> Component | None` under this hook.
DEVICE_PANELS_HOOK = "support_device_inspect_panels"
REJECTS_CACHE_SECONDS = 3600


def history_of(obj, limit: int = 50):
    return ModelLogEntry.objects.for_instance(obj).select_related("user")[:limit]


class DeviceInspectView(InspectView):
    def get_context_data(self, **kwargs):
        device = self.object
        panels = [
            fn(self.request, device) for fn in hooks.get_hooks(DEVICE_PANELS_HOOK)
        ]
        return super().get_context_data(
            loans=device.loans.select_related("teacher", "created_by"),
            history=history_of(device),
            extra_panels=[p for p in panels if p is not None],
            **kwargs,
        )


class ProfileInspectView(InspectView):
    def get_context_data(self, **kwargs):
        profile = self.object
        return super().get_context_data(
            apps=profile.apps.all(),
            history=history_of(profile),
            versions=ConfigurationProfile.objects.filter(school_id=profile.school_id),
            new_version_url=reverse(profile.snippet_viewset.get_url_name("add"))
            + f"?from={profile.pk}",
            **kwargs,
        )


class ProfileVersionCreateView(CreateView):
    """Creates the next version of a school's profile, prefilled from ?from=<pk>."""

    def get_initial(self):
        source = None
        if pk := self.request.GET.get("from"):
            source = ConfigurationProfile.objects.filter(pk=pk).first()
        if source is None:
            return super().get_initial()
        return {
            "school": source.school_id,
            "wifi_name": source.wifi_name,
            "wifi_security": source.wifi_security,
            "settings_restrictions": source.settings_restrictions,
            "pupil_permissions": source.pupil_permissions,
            "teacher_permissions": source.teacher_permissions,
            "apps_text": "\n".join(
                f"{a.name} | {a.bundle_id}" for a in source.apps.all()
            ),
        }

    def save_instance(self):
        data = self.form.cleaned_data
        return create_profile_version(
            school=data["school"],
            by=self.request.user,
            wifi_name=data["wifi_name"],
            wifi_security=data["wifi_security"],
            settings_restrictions=data["settings_restrictions"],
            pupil_permissions=data["pupil_permissions"],
            teacher_permissions=data["teacher_permissions"],
            change_note=data["change_note"],
            apps=data["apps_text"],
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("New status"), choices=Device.Status.choices
    )


class ChangeStatusBulkAction(SnippetBulkAction):
    display_name = gettext_lazy("Change status")
    aria_label = gettext_lazy("Change the status of the selected devices")
    action_type = "change_status"
    template_name = "support/admin/bulk_change_status.html"
    form_class = StatusForm
    action_priority = 20
    models = [Device]

    def check_perm(self, obj) -> bool:
        return self.request.user.has_perm("support.change_device")

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        view = kwargs["self"]
        changed = bulk_change_status(
            devices=Device.objects.filter(pk__in=[d.pk for d in objects]),
            status=view.cleaned_form.cleaned_data["status"],
            by=view.request.user,
        )
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d device changed its status.",
            "%(count)d devices changed their status.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: Seriennummer, Modell, Schulnummer, Zweck, Lieferung, Geliefert "
            "am (optional: Inventarnummer, Speicher, Garantie bis). Comma or "
            "semicolon, as saved by Excel."
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check the file, write nothing"), required=False
    )
    allow_move = forms.BooleanField(
        label=gettext_lazy("Allow devices to move to another school"), required=False
    )
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Import the valid rows even if some rows are invalid"),
        required=False,
    )


def import_view(request):
    if not request.user.has_perm("support.add_device"):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    result, rejects_key = None, None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = import_devices(
            data["file"].read(),
            by=request.user,
            allow_move=data["allow_move"],
            skip_invalid=data["skip_invalid"],
            dry_run=data["dry_run"],
        )
        if result.errors:
            rejects_key = secrets.token_urlsafe(16)
            cache.set(
                f"device-rejects:{rejects_key}",
                result.rejects_csv(),
                REJECTS_CACHE_SECONDS,
            )
        if result.written:
            messages.success(request, result.summary())
    return TemplateResponse(
        request,
        "support/admin/device_import.html",
        {
            "form": form,
            "result": result,
            "rejects_key": rejects_key,
            "errors": result.errors[:500] if result else [],
        },
    )


def rejects_view(request, key: str):
    if not request.user.has_perm("support.add_device"):
        raise PermissionDenied
    content = cache.get(f"device-rejects:{key}")
    if content is None:
        raise Http404
    response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="abgelehnt.csv"'
    return response


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("support.add_device")


class DeliveryOverviewMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return sees_delivery_overview(request.user)


class ImportViewSet(ViewSet):
    name = "device_import"
    url_prefix = "device-import"
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", import_view, name="upload"),
            path("rejects/<str:key>/", rejects_view, name="rejects"),
        ]


class ChangeFormatter(LogFormatter):
    def format_message(self, log_entry) -> str:
        data = log_entry.data or {}
        labels = dict(Device.Status.choices)
        if "to" in data:
            return _("Status: %(old)s → %(new)s") % {
                "old": labels.get(data.get("from"), data.get("from")),
                "new": labels.get(data["to"], data["to"]),
            }
        if data.get("change") == "created":
            return _("Created by the import")
        if data.get("fields"):
            return _("Updated by the import: %(fields)s") % {
                "fields": ", ".join(
                    f"{k} {old} → {new}" for k, (old, new) in data["fields"].items()
                )
            }
        return str(self.label)


def register_log_actions(actions) -> None:
    for action, label in [
        ("support.device.status", gettext_lazy("Device status changed")),
        ("support.device.import", gettext_lazy("Device imported")),
    ]:
        actions.register_action(action)(
            type(f"Formatter_{action}", (ChangeFormatter,), {"label": label})
        )
    actions.register_action(
        "support.loan.issue", gettext_lazy("Lend"), gettext_lazy("Device lent")
    )
    actions.register_action(
        "support.loan.return", gettext_lazy("Return"), gettext_lazy("Device returned")
    )
    actions.register_action(
        "support.profile.version",
        gettext_lazy("New profile version"),
        gettext_lazy("New profile version created"),
    )
