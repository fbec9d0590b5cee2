"""Wagtail's user admin for the portal's user: full name, school, no username."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

PORTAL_USER_FIELDS = [
    "email",
    "full_name",
    "school",
    "preferred_language",
    "is_superuser",
    "groups",
]


class PortalUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150)

    class Meta(UserCreationForm.Meta):
        fields = PORTAL_USER_FIELDS


class PortalUserEditForm(UserEditForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150)

    class Meta(UserEditForm.Meta):
        fields = [*PORTAL_USER_FIELDS, "is_active"]


class PortalUserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm
