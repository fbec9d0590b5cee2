"""The trainer's pages of a session: participants, attendance, exports, messages.

Every view fetches the session with `get_session_for_trainer` (404 for anyone but
its trainer, the course's trainers and administrators) and calls one domain function.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from courses import booking, booking_exports
from courses.booking import BookingError
from courses.forms_booking import (
    AttendanceForm,
    CancelSessionForm,
    CapacityForm,
    MessageForm,
    MoveForm,
)
from courses.models import BookingEvent, Registration
from courses.permissions import get_session_for_trainer, trainer_sessions


def _attendance_form(session, data=None) -> AttendanceForm:
    marks = [
        Registration.Status.CONFIRMED,
        Registration.Status.ATTENDED,
        Registration.Status.NO_SHOW,
    ]
    registrations = [
        r
        for r in booking_exports.participant_registrations(session)
        if r.status in marks
    ]
    return AttendanceForm(data, registrations=registrations)


@login_required
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_trainer(request.user, pk)
    rows = booking_exports.participant_registrations(session)
    waiting = [r for r in rows if r.status == Registration.Status.WAITLISTED]
    events = (
        BookingEvent.objects.filter(session=session)
        .select_related("actor", "registration__teacher")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "courses/booking/participants.html",
        {
            "session": session,
            "participants": [r for r in rows if r not in waiting],
            "waiting": waiting,
            "capacity_form": CapacityForm(initial={"capacity": session.capacity}),
            "events": events,
            "attendance_open": session.start <= timezone.now(),
        },
    )


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_trainer(request.user, pk)
    form = _attendance_form(session, request.POST)
    if form.is_valid():
        try:
            changed = booking.record_attendance(
                session=session, attended=form.attendance(), by=request.user
            )
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance saved (%(count)d change).",
                    "Attendance saved (%(count)d changes).",
                    len(changed),
                )
                % {"count": len(changed)},
            )
    return redirect("courses:session_participants", pk=session.pk)


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    session = get_session_for_trainer(request.user, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        content = booking_exports.participants_csv(session)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            booking_exports.participants_xlsx(session),
            content_type="application/vnd.openxmlformats-officedocument"
            ".spreadsheetml.sheet",
        )
    name = booking_exports.export_filename(session, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_trainer(request.user, pk)
    rows = [
        r
        for r in booking_exports.participant_registrations(session)
        if r.status != Registration.Status.WAITLISTED
    ]
    return render(
        request,
        "courses/booking/sign_in_sheet.html",
        {"session": session, "rows": rows},
    )


@login_required
def message(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_trainer(request.user, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = booking.message_participants(
            session=session, by=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            ngettext(
                "Your message was sent to %(count)d person.",
                "Your message was sent to %(count)d people.",
                count,
            )
            % {"count": count},
        )
        return redirect("courses:session_participants", pk=session.pk)
    return render(
        request, "courses/booking/message.html", {"session": session, "form": form}
    )


@login_required
def move(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    session = get_session_for_trainer(request.user, pk)
    registration = get_object_or_404(
        session.registrations.select_related("teacher"), pk=registration_pk
    )
    form = MoveForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            booking.move_participant(
                registration=registration,
                to_session=form.cleaned_data["to_session"],
                by=request.user,
            )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The participant was moved and informed."))
            return redirect("courses:session_participants", pk=session.pk)
    context = {"session": session, "registration": registration, "form": form}
    return render(request, "courses/booking/move.html", context)


@login_required
@require_POST
def capacity(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_trainer(request.user, pk)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a whole number of seats, at least 1."))
        return redirect("courses:session_participants", pk=session.pk)
    try:
        promoted = booking.change_capacity(
            session=session, capacity=form.cleaned_data["capacity"], by=request.user
        )
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "Seats saved; %(count)d teacher moved up from the waiting list.",
                "Seats saved; %(count)d teachers moved up from the waiting list.",
                len(promoted),
            )
            % {"count": len(promoted)},
        )
    return redirect("courses:session_participants", pk=session.pk)


@login_required
def cancel_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_trainer(request.user, pk)
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = booking.cancel_session(
                session=session, by=request.user, reason=form.cleaned_data["reason"]
            )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "The session is cancelled; %(count)d person was told.",
                    "The session is cancelled; %(count)d people were told.",
                    count,
                )
                % {"count": count},
            )
            return redirect("courses:session_participants", pk=session.pk)
    context = {"session": session, "form": form}
    return render(request, "courses/booking/cancel_session.html", context)


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    """The sessions a trainer runs (all for administrators): upcoming and recent."""
    sessions = trainer_sessions(request.user)
    if sessions is None:
        raise Http404
    now = timezone.now()
    groups = [
        (_("Upcoming"), list(sessions.filter(end__gt=now).order_by("start")[:200])),
        (
            _("Past (last 90 days)"),
            list(
                sessions.filter(
                    end__lte=now, end__gt=now - timedelta(days=90)
                ).order_by("-start")[:200]
            ),
        ),
    ]
    return render(request, "courses/booking/trainer_sessions.html", {"groups": groups})
