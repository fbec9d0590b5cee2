"""The CMS form of a course session, limited to what the editing user may manage."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses import permissions, scheduling
from courses.models import CourseSession
from portal import roles


class CourseSessionForm(WagtailAdminModelForm):
    """Offers only the user's own courses and checks the capacity floor."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and "course" in self.fields:
            self.fields["course"].queryset = permissions.manageable_courses(user)
        if "trainer" in self.fields:
            self.fields["trainer"].queryset = (
                get_user_model()
                .objects.filter(groups__name=roles.TRAINER, is_active=True)
                .distinct()
                .order_by("full_name")
            )

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if capacity is not None:
            scheduling.check_capacity(session=self.instance, capacity=capacity)
        return capacity

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error(
                "end", _("The end must be after the start. Check the date and time.")
            )
        booking = cleaned.get("booking_deadline")
        if start and booking and booking > start:
            self.add_error(
                "booking_deadline",
                _(
                    "Booking must close before the session starts; leave it empty "
                    "for 24 hours before."
                ),
            )
        state = cleaned.get("state")
        if (
            self.instance.pk
            and state == CourseSession.State.CANCELLED
            and self.instance.state != state
            and self.instance.end <= timezone.now()
        ):
            self.add_error(
                "state", _("This session is over; it can not be cancelled any more.")
            )
        return cleaned
