"""Booking and cancelling from the course page (POST forms with CSRF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.booking import (
    BookingError,
    book_session,
    cancel_registration,
    waitlist_position,
)
from courses.models import CourseSession, Registration
from courses.permissions import get_registration_for_teacher


def _back(request: HttpRequest, session: CourseSession) -> str:
    """Where the booking form came from (if on this site), else the course page."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return session.course.url or "/"


@login_required
@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CourseSession, pk=pk, course__live=True)
    back = _back(request, session)
    try:
        registration = book_session(session=session, teacher=request.user)
    except BookingError as error:
        messages.error(request, error.message)
        return redirect(back)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(
            request,
            _("You are booked. We have sent you a confirmation with a calendar file."),
        )
    else:
        position = getattr(registration, "waitlist_position", None)
        if position is None:  # the e-mail could not be prepared
            position = waitlist_position(registration)
        messages.success(
            request,
            _("The session is full. You are number %(position)d on the waiting list.")
            % {"position": position},
        )
    return redirect(back)


@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST cancels (or leaves the waiting list)."""
    registration = get_registration_for_teacher(request.user, pk)
    if registration.status not in Registration.OPEN_STATUSES:
        messages.info(request, _("This registration is not active any more."))
        return redirect("courses:my_courses")
    if request.method != "POST":
        return render(
            request,
            "courses/booking/cancel_confirm.html",
            {"registration": registration, "session": registration.session},
        )
    was_waiting = registration.status == Registration.Status.WAITLISTED
    try:
        cancel_registration(registration=registration, by=request.user)
    except BookingError as error:
        messages.error(request, error.message)
        return redirect("courses:my_courses")
    messages.success(
        request,
        _("You have left the waiting list.")
        if was_waiting
        else _("Your booking is cancelled. We have sent you a confirmation."),
    )
    return redirect("courses:my_courses")
