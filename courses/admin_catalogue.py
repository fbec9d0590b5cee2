"""Wagtail admin of the catalogue: sessions of a course, document guard, rights.

Trainers reach the sessions of the courses they are named on through the "Sessions"
menu item or the "Sessions" button of a course in the page explorer; everything
another trainer's course holds answers 404 to them.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Case, Value, When
from django.db.models.functions import Now
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from courses import permissions, scheduling
from courses.cms_permissions import ensure_cms_permissions
from courses.forms_catalogue import CourseSessionForm
from courses.models import CourseIndexPage, CoursePage, CourseSession


class SessionPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the sessions of the user's own courses."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        if not self.user_has_permission(user, action):
            return False
        if not permissions.can_manage_course_sessions(user, instance.course):
            return False
        if action == "delete":
            return scheduling.can_delete_session(session=instance)
        return True

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return CourseSession.objects.none()
        return permissions.manageable_sessions(user)


register_permission_policy(CourseSession, SessionPermissionPolicy(CourseSession))


class OwnSessionsMixin:
    """Edit and delete look sessions up among those the user manages: 404 otherwise."""

    def get_queryset(self):
        return permissions.manageable_sessions(self.request.user)


class OwnSessionObjectMixin:
    """The same for history and usage, which list other rows of one session."""

    def get_base_object_queryset(self):
        return permissions.manageable_sessions(self.request.user)


class SessionFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=CoursePage.objects.order_by("title")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=CourseSession.State.choices
    )

    class Meta:
        model = CourseSession
        fields = ["course", "state"]

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["course"].queryset = permissions.manageable_courses(
                request.user
            )


class SessionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            permissions.manageable_sessions(self.request.user)
            .select_related("course", "trainer")
            .with_seat_counts()
        )

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered:
            return super().order_queryset(queryset)
        # What a trainer plans next comes first; sessions that are over follow.
        is_over = Case(When(end__lte=Now(), then=Value(1)), default=Value(0))
        return queryset.annotate(is_over=is_over).order_by("is_over", "start")


class SessionCreateView(generic.CreateView):
    def get_initial(self) -> dict:
        initial = super().get_initial()
        course_id = self.request.GET.get("course")
        if course_id and course_id.isdigit():
            initial["course"] = course_id
        return initial


class SessionEditView(OwnSessionsMixin, generic.EditView):
    def save_instance(self):
        """Save the plain fields; seats and state go through the booking rules."""
        stored = CourseSession.objects.get(pk=self.object.pk)
        wanted = self.form.instance.capacity, self.form.instance.state
        self.form.instance.capacity = stored.capacity
        self.form.instance.state = stored.state
        session = super().save_instance()
        capacity, state = wanted
        return scheduling.apply_seats_and_state(
            session=session, capacity=capacity, state=state, by=self.request.user
        )


class SessionDeleteView(OwnSessionsMixin, generic.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        if not scheduling.can_delete_session(session=self.object):
            messages.error(
                request,
                gettext(
                    "This session has registrations and can not be deleted. "
                    "Set its state to “cancelled” instead."
                ),
            )
            return redirect(self.edit_url_name, self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class SessionHistoryView(OwnSessionObjectMixin, HistoryView):
    pass


class SessionUsageView(OwnSessionObjectMixin, UsageView):
    pass


class CourseSessionViewSet(ModelViewSet):
    model = CourseSession
    icon = "date"
    menu_label = _("Sessions")
    menu_order = 150
    add_to_admin_menu = True
    url_prefix = "course-sessions"
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    delete_view_class = SessionDeleteView
    history_view_class = SessionHistoryView
    usage_view_class = SessionUsageView
    filterset_class = SessionFilterSet
    list_display = [
        "course",
        "start",
        "trainer",
        "capacity",
        Column("confirmed_count", label=_("Confirmed")),
        Column("waitlist_count", label=_("Waiting list")),
        "state",
    ]
    search_fields = None

    edit_handler = ObjectList(
        [
            FieldPanel("course", widget=forms.Select),
            FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            FieldRowPanel([FieldPanel("capacity"), FieldPanel("trainer")]),
            FieldPanel("meeting_url"),
            MultiFieldPanel(
                [FieldPanel("booking_deadline"), FieldPanel("cancellation_deadline")],
                heading=_("Deadlines"),
            ),
            FieldPanel("state"),
            FieldPanel("internal_note"),
        ],
        base_form_class=CourseSessionForm,
    )


session_viewset = CourseSessionViewSet("course_sessions")


@hooks.register("register_admin_viewset")
def register_session_viewset():
    return session_viewset


def _session_buttons(page, user):
    if not issubclass(page.specific_class or object, CoursePage):
        return
    # One query per request for the whole explorer listing, not one per row.
    if not hasattr(user, "_manageable_course_ids"):
        user._manageable_course_ids = set(
            permissions.manageable_courses(user).values_list("pk", flat=True)
        )
    if page.pk not in user._manageable_course_ids:
        return
    index = reverse(session_viewset.get_url_name("index"))
    add = reverse(session_viewset.get_url_name("add"))
    yield ListingButton(
        _("Sessions"), f"{index}?course={page.pk}", icon_name="date", priority=30
    )
    yield ListingButton(
        _("Add session"), f"{add}?course={page.pk}", icon_name="plus", priority=31
    )


@hooks.register("register_page_listing_buttons")
def course_session_listing_buttons(page, user, next_url=None):
    """ "Sessions" and "Add session" next to a course the user may schedule."""
    yield from _session_buttons(page, user)


@hooks.register("register_page_header_buttons")
def course_session_header_buttons(page, user, view_name, next_url=None):
    """The same buttons in the header of the course's edit view."""
    yield from _session_buttons(page, user)


@hooks.register("before_serve_document")
def guard_course_material(document, request):
    """Participant-only material is never served to others via /dokumente/.

    404, not 403: a visitor must not learn that the document exists.
    """
    if not permissions.can_download_document(request.user, document):
        raise Http404


@hooks.register("after_create_page")
def grant_rights_on_new_catalogue(request, page):
    if isinstance(page.specific_deferred, CourseIndexPage):
        ensure_cms_permissions()
