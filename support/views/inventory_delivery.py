"""The delivery overview of all schools, for the IT service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from support import delivery, delivery_markup
from support.permissions import sees_delivery_overview


@login_required
def delivery_overview(request):
    """Per school and per batch, next in line, and two server-rendered charts."""
    if not sees_delivery_overview(request.user):
        raise Http404
    snapshot = delivery.delivery_snapshot()
    figures, schools = delivery_markup.snapshot_parts(snapshot)
    return render(
        request,
        "support/inventory/delivery.html",
        {
            "taken_at": snapshot.taken_at,
            "figures": figures,
            "schools": schools,
            "next_in_line": delivery.next_in_line(),
        },
    )
