"""Schools in the CMS admin: support agents and administrators manage them here."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.exports import FormulaSafeExportMixin
from portal.schools.models import School, SchoolType


def district_choices():
    districts = (
        School.objects.order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )
    return [(d, d) for d in districts]


class SchoolFilterSet(WagtailFilterSet):
    school_type = django_filters.ChoiceFilter(
        label=_("School type"), choices=SchoolType.choices
    )
    district = django_filters.ChoiceFilter(
        label=_("District"), choices=district_choices
    )

    class Meta:
        model = School
        fields = ["school_type", "district"]


class SchoolIndexView(FormulaSafeExportMixin, IndexView):
    """The listing; its CSV/XLSX export neutralises formulas (portal.exports)."""


class SchoolViewSet(ModelViewSet):
    model = School
    index_view_class = SchoolIndexView
    icon = "home"
    menu_label = _("Schools")
    menu_order = 200
    add_to_admin_menu = True
    url_prefix = "schools"
    list_display = [
        "name",
        "school_number",
        "school_type",
        "district",
        "pupils",
        "social_index",
        "devices_allotted",
    ]
    list_export = [
        "school_number",
        "name",
        "school_type",
        "district",
        "street",
        "postal_code",
        "city",
        "contact_name",
        "contact_email",
        "contact_phone",
        "pupils",
        "social_index",
        "iserv_url",
        "devices_allotted",
    ]
    export_filename = "schulen"
    search_fields = ["name", "school_number", "district"]
    search_backend_name = None
    filterset_class = SchoolFilterSet
    inspect_view_enabled = True
    ordering = ["name"]
    list_per_page = 50
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("school_number"), FieldPanel("school_type")]),
                FieldPanel("name"),
                FieldPanel("district"),
            ],
            heading=_("School"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("pupils"),
                        FieldPanel("social_index"),
                        FieldPanel("devices_allotted"),
                    ]
                ),
                FieldPanel("iserv_url"),
            ],
            heading=_("Figures"),
        ),
    ]


school_viewset = SchoolViewSet("schools")


@hooks.register("register_admin_viewset")
def register_school_viewset():
    return school_viewset
