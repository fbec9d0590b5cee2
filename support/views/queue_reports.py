"""Helpdesk reports for the IT service."""

from __future__ import annotations

from django.shortcuts import render

from support import reports
from support.models import Ticket
from support.views.queue_access import agent_required


@agent_required
def report_overview(request):
    months = reports.monthly()
    return render(
        request,
        "support/tickets/reports.html",
        {
            "by_school": reports.open_counts("school__name", limit=20),
            "by_district": reports.open_counts("school__district"),
            "by_category": reports.open_by_category(),
            "by_profile": reports.by_profile_version()[:30],
            "months": months,
            "chart": reports.bar_chart(months),
        },
    )


@agent_required
def report_csv(request):
    """Every ticket as CSV, for spreadsheets."""
    return reports.tickets_csv_response(
        Ticket.objects.order_by("created_at"), filename="tickets-alle.csv"
    )
