"""Wagtail admin of the inventory: devices, profiles, batches, loans, the import.

Devices, loans and profiles are snippets so the listing has Wagtail's bulk
actions (the "change status" action lives in `admin_inventory_views`). All
listings select their related rows, so a page costs the same number of queries
whatever its size. The group appears as "Inventar" in the admin menu.
"""

from __future__ import annotations

import django_filters
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.exports import FormulaSafeExportMixin
from portal.schools.models import School
from support import admin_inventory_views as views
from support import device_counts
from support.admin_choosers import GuardedSnippetChooserViewSet
from support.admin_inventory_forms import DeviceAdminForm, ProfileVersionForm
from support.delivery import batches_with_totals
from support.models import (
    BatchAllocation,
    ConfigurationProfile,
    DeliveryBatch,
    Device,
    Loan,
)


class DeviceFilterSet(WagtailFilterSet):
    # The schools and batches as kept lists: building 154 School objects for
    # the filter cost more than the rest of the listing's header.
    school = django_filters.ChoiceFilter(
        label=_("School"), choices=device_counts.school_choices
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Device.Status.choices
    )
    purpose = django_filters.ChoiceFilter(
        label=_("Purpose"), choices=Device.Purpose.choices
    )
    model = django_filters.ChoiceFilter(
        label=_("Model"), choices=device_counts.model_choices
    )
    batch = django_filters.ChoiceFilter(
        label=_("Delivery batch"), choices=device_counts.batch_choices
    )

    class Meta:
        model = Device
        fields = ["school", "status", "purpose", "model", "batch"]


class FormulaSafeIndexView(FormulaSafeExportMixin, SnippetIndexView):
    """Snippet listings whose CSV/XLSX exports never start a cell with a formula."""


class DeviceIndexView(FormulaSafeIndexView):
    """The number of matching devices is counted once per filter, and a page of
    rows is drawn once per filter, language and set of device permissions, until
    a device, school or batch changes (see `support.device_counts`)."""

    paginator_class = device_counts.CachedCountPaginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["results_cache_key"] = device_counts.listing_key(self.request)
        return context


class DeviceViewSet(SnippetViewSet):
    chooser_viewset_class = GuardedSnippetChooserViewSet
    index_view_class = DeviceIndexView
    index_results_template_name = "support/admin/device_index_results.html"
    model = Device
    icon = "tablet-alt"
    menu_label = _("Devices")
    # Devices are found by serial, asset tag and filters, not by leafing through
    # 250,000 rows; 20 rows (Wagtail's default) keep the per-row action menus
    # well under 100 ms.
    list_per_page = 20
    list_display = [
        "serial",
        "model",
        Column("school", label=_("School"), accessor="school.name"),
        Column("purpose", label=_("Purpose"), accessor="get_purpose_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("batch", label=_("Batch"), accessor="batch_number"),
        "delivered_on",
    ]
    filterset_class = DeviceFilterSet
    search_fields = ["serial", "asset_tag"]
    search_backend_name = None
    list_export = [
        "serial",
        "model",
        "storage_gb",
        "asset_tag",
        "school_number",
        "school.name",
        "purpose",
        "status",
        "batch_number",
        "delivered_on",
        "profile_version_number",
        "warranty_until",
    ]
    export_headings = {
        "school_number": _("School number"),
        "school.name": _("School"),
        "batch_number": _("Batch"),
        "profile_version_number": _("Profile version"),
    }
    export_filename = "geraete"
    inspect_view_enabled = True
    inspect_view_class = views.DeviceInspectView
    inspect_view_fields_exclude = ["id"]
    inspect_template_name = "support/admin/device_inspect.html"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("serial"), FieldPanel("asset_tag")]),
            FieldRowPanel([FieldPanel("model"), FieldPanel("storage_gb")]),
            FieldRowPanel([FieldPanel("school"), FieldPanel("purpose")]),
            FieldRowPanel([FieldPanel("status"), FieldPanel("profile_version")]),
            FieldRowPanel([FieldPanel("batch"), FieldPanel("delivered_on")]),
            FieldPanel("warranty_until"),
            FieldPanel("notes"),
        ],
        base_form_class=DeviceAdminForm,
    )

    def get_queryset(self, request):
        return Device.objects.for_listing()


class ProfileFilterSet(WagtailFilterSet):
    # The schools and batches as kept lists: building 154 School objects for
    # the filter cost more than the rest of the listing's header.
    school = django_filters.ChoiceFilter(
        label=_("School"), choices=device_counts.school_choices
    )
    is_current = django_filters.BooleanFilter(label=_("Current version"))

    class Meta:
        model = ConfigurationProfile
        fields = ["school", "is_current"]


class ProfileViewSet(SnippetViewSet):
    chooser_viewset_class = GuardedSnippetChooserViewSet
    model = ConfigurationProfile
    icon = "cogs"
    menu_label = _("Configuration profiles")
    list_per_page = 50
    list_display = [
        Column("school", label=_("School"), accessor="school.name"),
        "version",
        BooleanColumn("is_current", label=_("Current")),
        "wifi_name",
        "created_at",
        Column("created_by", label=_("Created by"), accessor="created_by"),
    ]
    filterset_class = ProfileFilterSet
    search_fields = ["school__name", "school__school_number", "wifi_name"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_class = views.ProfileInspectView
    inspect_template_name = "support/admin/profile_inspect.html"
    add_view_class = views.ProfileVersionCreateView
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            MultiFieldPanel(
                [FieldPanel("wifi_name"), FieldPanel("wifi_security")],
                heading=_("WLAN"),
            ),
            FieldPanel("apps_text"),
            FieldPanel("settings_restrictions"),
            FieldRowPanel(
                [FieldPanel("pupil_permissions"), FieldPanel("teacher_permissions")]
            ),
            FieldPanel("change_note"),
        ],
        base_form_class=ProfileVersionForm,
    )

    def get_queryset(self, request):
        return ConfigurationProfile.objects.select_related("school", "created_by")


class BatchViewSet(SnippetViewSet):
    chooser_viewset_class = GuardedSnippetChooserViewSet
    index_view_class = FormulaSafeIndexView
    model = DeliveryBatch
    icon = "calendar-alt"
    menu_label = _("Delivery batches")
    list_display = [
        "number",
        "planned_date",
        "actual_date",
        Column("planned", label=_("Devices planned"), accessor="planned_total"),
        Column("delivered", label=_("Devices delivered"), accessor="delivered_total"),
    ]
    list_export = ["number", "planned_date", "actual_date", "planned_total"]
    form_fields = ["number", "planned_date", "actual_date", "notes"]

    def get_queryset(self, request):
        return batches_with_totals()


class AllocationFilterSet(WagtailFilterSet):
    class Meta:
        model = BatchAllocation
        fields = ["batch", "school"]


class AllocationViewSet(SnippetViewSet):
    chooser_viewset_class = GuardedSnippetChooserViewSet
    model = BatchAllocation
    icon = "list-ol"
    menu_label = _("Batch allocations")
    list_per_page = 50
    list_display = [
        Column("batch", label=_("Batch"), accessor="batch.number"),
        Column("school", label=_("School"), accessor="school.name"),
        "devices_planned",
    ]
    filterset_class = AllocationFilterSet
    search_fields = ["school__name", "school__school_number"]
    search_backend_name = None
    form_fields = ["batch", "school", "devices_planned"]

    def get_queryset(self, request):
        return BatchAllocation.objects.select_related("batch", "school")


class LoanFilterSet(WagtailFilterSet):
    device__school = django_filters.ModelChoiceFilter(
        label=_("School"), queryset=School.objects.order_by("name")
    )
    returned_on = django_filters.BooleanFilter(
        label=_("Returned"),
        field_name="returned_on",
        lookup_expr="isnull",
        exclude=True,
    )
    borrower_type = django_filters.ChoiceFilter(
        label=_("Borrower"), choices=Loan.BorrowerType.choices
    )

    class Meta:
        model = Loan
        fields = ["device__school", "borrower_type", "returned_on"]


class LoanViewSet(SnippetViewSet):
    chooser_viewset_class = GuardedSnippetChooserViewSet
    index_view_class = FormulaSafeIndexView
    """Loans are recorded by schools (or agents on a school's page); here: read."""

    model = Loan
    icon = "user"
    menu_label = _("Loans")
    list_per_page = 50
    list_display = [
        Column("device", label=_("Device"), accessor="device.serial"),
        Column("school", label=_("School"), accessor="device.school.name"),
        Column("borrower", label=_("Borrower"), accessor="borrower_label"),
        "issued_on",
        "agreement_signed_on",
        "returned_on",
    ]
    filterset_class = LoanFilterSet
    search_fields = ["device__serial", "pupil_reference"]
    search_backend_name = None
    list_export = [
        "device.serial",
        "device.school.school_number",
        "borrower_type",
        "borrower_label",
        "issued_on",
        "expected_return",
        "agreement_signed_on",
        "accessories",
        "condition_at_issue",
        "returned_on",
        "condition_at_return",
    ]
    export_filename = "leihen"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Loan.objects.select_related("device__school", "teacher")


class ImportViewSet(views.ImportViewSet):
    menu_label = _("Import devices")
    icon = "upload"


class InventoryGroup(SnippetViewSetGroup):
    menu_label = _("Inventory")
    menu_icon = "tablet-alt"
    menu_order = 300
    items = (
        DeviceViewSet,
        LoanViewSet,
        ProfileViewSet,
        BatchViewSet,
        AllocationViewSet,
        ImportViewSet,
    )


register_snippet(InventoryGroup)


@hooks.register("register_log_actions")
def register_inventory_log_actions(actions):
    views.register_log_actions(actions)


hooks.register("register_bulk_action", views.ChangeStatusBulkAction)


@hooks.register("register_admin_menu_item")
def register_delivery_overview_menu_item():
    """The delivery overview lives on the front end (charts for everyone who may
    see it, not only CMS users); agents reach it from the CMS menu too."""
    return views.DeliveryOverviewMenuItem(
        _("Delivery overview"),
        reverse_lazy("support:delivery_overview"),
        icon_name="table",
        order=301,
    )
