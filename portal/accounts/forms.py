from django import forms
from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.accounts.models import User
from portal.schools.models import School


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: School) -> str:
        return f"{obj.name} ({obj.school_number}, {obj.district})"


class SignupForm(forms.Form):
    """Extra sign-up fields: allauth adds e-mail and password."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    school = SchoolChoiceField(
        label=_("School"),
        queryset=School.objects.order_by("name"),
        empty_label=_("Choose your school"),
        help_text=_("Type part of the name, the school number or the district."),
        widget=forms.Select(
            attrs={
                "data-searchable-select": "",
                "data-filter-label": _("Search school by name, number or district"),
                "data-count-text": _("{n} schools match"),
            }
        ),
    )
    field_order = ["full_name", "email", "school", "password1", "password2"]

    def signup(self, request, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.school = self.cleaned_data["school"]
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "de")
        user.save()
        from portal.accounts.services import grant_teacher_role

        grant_teacher_role(user=user)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "school", "preferred_language"]
        field_classes = {"school": SchoolChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.order_by("name")
        # A coordinator acts for her school: only an administrator may move her.
        # An iServ user's school is the school of the iServ that logs her in.
        if roles.COORDINATOR in self.instance.role_names:
            self.fields["school"].disabled = True
            self.fields["school"].help_text = _(
                "As IT coordinator your school is set by the administrators."
            )
        elif self.instance.socialaccount_set.exists():
            self.fields["school"].disabled = True
            self.fields["school"].help_text = _(
                "You log in with your school's iServ, so your school comes from there."
            )
        self.fields["school"].required = bool(
            self.instance.role_names & {roles.TEACHER, roles.COORDINATOR}
        )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_(
            "Enter your password to confirm that you want to delete your account."
        ),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("This password is not correct. Please enter your current password.")
            )
        return password
