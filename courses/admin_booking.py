"""Wagtail admin of booking: school contingents; registrations and history read-only.

Registrations change only through `courses/booking.py` (the trainer's pages call it),
so the admin shows them and their history but offers no add or edit form that could
go around the seat count. Contingents are edited by administrators and by the
trainers of the session's course.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from courses import permissions
from courses.models import BookingEvent, Registration, SessionContingent
from portal.permissions import is_administrator, is_trainer


class ReadOnlyForAdministrators(ModelPermissionPolicy):
    """Administrators may look; nobody adds, edits or deletes here."""

    def user_has_permission(self, user, action) -> bool:
        return action == "view" and is_administrator(user)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


class ContingentPolicy(ModelPermissionPolicy):
    """Administrators, and trainers for the sessions of their own courses."""

    def user_has_permission(self, user, action) -> bool:
        return is_administrator(user) or is_trainer(user)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return permissions.can_manage_course_sessions(user, instance.session.course)

    def instances_user_has_any_permission_for(self, user, actions):
        return SessionContingent.objects.filter(
            session__in=permissions.manageable_sessions(user)
        )


class ContingentForm(WagtailAdminModelForm):
    """Only upcoming sessions the user manages can get a contingent."""

    class Meta:
        model = SessionContingent
        fields = ["session", "seats_per_school", "until"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        sessions = permissions.manageable_sessions(user) if user else None
        if sessions is not None:
            self.fields["session"].queryset = sessions.upcoming().select_related(
                "course"
            )


register_permission_policy(Registration, ReadOnlyForAdministrators(Registration))
register_permission_policy(BookingEvent, ReadOnlyForAdministrators(BookingEvent))
CONTINGENT_POLICY = ContingentPolicy(SessionContingent)
register_permission_policy(SessionContingent, CONTINGENT_POLICY)


class ContingentIndexView(generic.IndexView):
    def get_base_queryset(self):
        return CONTINGENT_POLICY.instances_user_has_any_permission_for(
            self.request.user, ["change"]
        ).select_related("session__course")


class RegistrationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Registration.objects.select_related("teacher", "session__course")


class BookingEventIndexView(generic.IndexView):
    def get_base_queryset(self):
        return BookingEvent.objects.select_related(
            "actor", "registration__teacher", "registration__session__course"
        ).order_by("-created_at", "-pk")


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = "booking_registrations"
    icon = "user"
    menu_label = _("Registrations")
    list_display = ["teacher", "session", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["teacher__full_name", "teacher__email"]
    inspect_view_enabled = True
    form_fields = ["status"]
    index_view_class = RegistrationIndexView


class BookingEventViewSet(ModelViewSet):
    model = BookingEvent
    name = "booking_history"
    icon = "history"
    menu_label = _("Booking history")
    list_display = ["created_at", "action", "registration", "actor", "detail"]
    list_filter = ["action"]
    inspect_view_enabled = True
    form_fields = ["detail"]
    index_view_class = BookingEventIndexView


class OwnContingentMixin:
    """Views of one contingent answer 404 unless the user manages its session."""

    def get_object(self, *args, **kwargs):
        contingent = super().get_object(*args, **kwargs)
        user = self.request.user
        if not CONTINGENT_POLICY.user_has_permission_for_instance(
            user, "change", contingent
        ):
            raise Http404
        return contingent


class ContingentEditView(OwnContingentMixin, generic.EditView):
    pass


class ContingentDeleteView(OwnContingentMixin, generic.DeleteView):
    pass


class ContingentHistoryView(OwnContingentMixin, HistoryView):
    pass


class ContingentUsageView(OwnContingentMixin, UsageView):
    pass


class ContingentViewSet(ModelViewSet):
    model = SessionContingent
    name = "booking_contingents"
    icon = "group"
    menu_label = _("School contingents")
    list_display = ["session", "seats_per_school", "until"]
    form_fields = ["session", "seats_per_school", "until"]
    edit_view_class = ContingentEditView
    delete_view_class = ContingentDeleteView
    history_view_class = ContingentHistoryView
    usage_view_class = ContingentUsageView
    index_view_class = ContingentIndexView

    def get_form_class(self, for_update=False):
        return ContingentForm


class BookingViewSetGroup(ViewSetGroup):
    menu_label = _("Booking")
    menu_icon = "date"
    menu_order = 210
    items = (ContingentViewSet, RegistrationViewSet, BookingEventViewSet)


@hooks.register("register_admin_viewset")
def register_booking_viewsets():
    return BookingViewSetGroup()
