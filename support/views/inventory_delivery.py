"""The delivery overview of all schools, for the IT service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from support import charts, delivery
from support.permissions import sees_delivery_overview


@login_required
def delivery_overview(request):
    """Per school and per batch, next in line, and two server-rendered charts."""
    if not sees_delivery_overview(request.user):
        raise Http404
    snapshot = delivery.delivery_snapshot()
    schools, points = snapshot.schools, snapshot.points
    bars = charts.school_bars(
        [(s.name, s.delivered, s.devices_allotted) for s in schools]
    )
    totals = {
        "allotted": sum(s.devices_allotted for s in schools),
        "planned": sum(s.planned for s in schools),
        "delivered": sum(s.delivered for s in schools),
        "on_loan": sum(s.on_loan for s in schools),
    }
    return render(
        request,
        "support/inventory/delivery.html",
        {
            "schools": schools,
            "totals": totals,
            "batches": snapshot.batches,
            "taken_at": snapshot.taken_at,
            "next_in_line": delivery.next_in_line(),
            "line_chart": charts.cumulative_chart(points),
            "points": points,
            "bars": bars,
        },
    )
