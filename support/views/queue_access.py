"""Access to the IT service's pages: agents and administrators with 2FA."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect

from support.permissions import can_work_tickets


def agent_required(view):
    """Only the IT service (404 for everyone else, as for every object URL);
    like the CMS, only after two-factor enrolment, because these pages show
    every school's data."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_work_tickets(request.user):
            raise Http404
        if not request.user.has_mfa:
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapped
