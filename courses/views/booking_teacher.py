"""The teacher's own pages: "My courses", calendar files and feed, certificates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import calendar_feed
from courses.booking_display import kept_mine
from courses.booking_display import my_courses as my_courses_lists
from courses.calendar import feed_calendar, registration_calendar
from courses.certificates import certificate_pdf, find_certificate
from courses.forms_booking import VerifyCertificateForm
from courses.links import kept_links
from courses.models import Registration
from courses.my_courses_markup import past_rows_html, upcoming_html, waiting_html
from courses.permissions import get_registration_for_teacher
from portal.derived import read_together


@login_required
def my_courses(request: HttpRequest) -> HttpResponse:
    """What the page keeps (her registrations, the courses' titles and
    addresses, her calendar address) is read from the cache at once."""
    kept = [
        kept_mine(request.user),
        kept_links(),
        calendar_feed.kept_feed_url(request.user),
    ]
    with read_together(kept):
        lists = my_courses_lists(request.user)
        feed_url = calendar_feed.shown_feed_url(request.user)
    return render(
        request,
        "courses/booking/my_courses.html",
        {
            "lists": lists,
            "upcoming": upcoming_html(lists.upcoming),
            "waiting": waiting_html(lists.waiting),
            "past": past_rows_html(lists.past),
            "feed_url": feed_url,
        },
    )


@login_required
def registration_ics(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_teacher(request.user, pk)
    response = HttpResponse(
        registration_calendar(registration), content_type="text/calendar; charset=utf-8"
    )
    name = f"fortbildung-{registration.session_id}.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_teacher(request.user, pk)
    if registration.status != Registration.Status.ATTENDED:
        raise Http404
    response = HttpResponse(
        certificate_pdf(registration), content_type="application/pdf"
    )
    name = f"teilnahmebescheinigung-{registration.session.course.slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def manage_feed(request: HttpRequest) -> HttpResponse:
    """Create or renew (revoking the old address), or switch the feed off."""
    if request.POST.get("action") == "revoke":
        calendar_feed.revoke_feed(user=request.user)
        messages.success(request, _("Your calendar address is switched off."))
    else:
        calendar_feed.renew_feed(user=request.user)
        messages.success(
            request,
            _("Your new calendar address is ready. An old address no longer works."),
        )
    return redirect("courses:my_courses")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription feed; the secret token is the only key."""
    user = calendar_feed.user_for_token(token)
    if user is None:
        raise Http404
    body = feed_calendar(
        teacher=user, registrations=calendar_feed.feed_registrations(user)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


def verify_certificate(request: HttpRequest) -> HttpResponse:
    """Public: is a code valid, and for which course and date. Nothing else."""
    form = VerifyCertificateForm(request.GET or None)
    result = None
    if form.is_valid():
        result = find_certificate(form.cleaned_data["code"]) or False
    return render(
        request,
        "courses/booking/verify_certificate.html",
        {"form": form, "result": result},
    )
