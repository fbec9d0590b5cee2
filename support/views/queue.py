"""The IT service's queue: filters, search, saved filters, bulk changes, export."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal import kept_sql
from portal.derived import read_together
from support import queue_forms, saved_filters, ticket_counts
from support import tickets as helpdesk
from support.forms_tickets import BulkForm, SavedFilterForm
from support.models import SavedFilter, Ticket
from support.paging import get_page
from support.queue_filters import QueueFilter, page_rows, plain_queue
from support.reports import tickets_csv_response
from support.ticket_listings import (
    pagination_html,
    queue_heading_html,
    queue_rows_html,
    status_counts_html,
)
from support.views.queue_access import agent_required

PAGE_SIZE = 50


def _filtered(request) -> QueueFilter:
    return QueueFilter(request.GET, queryset=Ticket.objects.for_queue())


@agent_required
def queue(request):
    """One dense, keyboard-friendly list; every filter is in the URL. What the
    page keeps (counts, the agent's filters, the forms) is read at once."""
    kept = [
        ticket_counts.kept_counts(),
        saved_filters.kept_filters(request.user),
        queue_forms.kept_forms(request.GET),
    ]
    with read_together(kept):
        return _queue_page(request)


def _queue_page(request):
    counts = ticket_counts.kept()
    plain = plain_queue(request.GET)
    if plain is not None:  # most visits: no filters to build
        tickets, counted, shape = plain
        filter_form, bulk_fields = queue_forms.plain_forms_html(request.GET)
        rows = _kept_rows(shape)
    else:
        filterset = _filtered(request)
        tickets, counted = filterset.qs, filterset.counted_filter()
        filter_form, bulk_fields = queue_forms.forms_html(filterset)
        rows = _rows
    page = get_page(
        tickets,
        PAGE_SIZE,
        request.GET.get("page"),
        rows=rows,
        # Narrowed by status, priority or category alone: the total is the
        # kept counts' (no COUNT query).
        total=None if counted is None else lambda: counts.total(**counted),
    )
    kept_filters = request.GET.copy()
    kept_filters.pop("page", None)
    query = kept_filters.urlencode()
    return render(
        request,
        "support/tickets/queue.html",
        {
            "filter_form": filter_form,
            "page_obj": page,
            "rows": queue_rows_html(page.object_list),
            "query": query,
            "status_counts": status_counts_html(counts.by_status),
            "heading": queue_heading_html(page.paginator.count),
            "pagination": pagination_html(page, query),
            "saved_filters": saved_filters.saved_filters_of(request.user),
            "bulk_fields": bulk_fields,
        },
    )


def _rows(tickets):
    return tickets.queue_rows()


def _kept_rows(shape: tuple):
    """A page of a plain queue's rows, its SQL compiled once per shape and page."""

    def rows(tickets):
        bounds = (tickets.query.low_mark, tickets.query.high_mark)
        return kept_sql.value_rows(
            ("queue", shape, bounds), lambda: page_rows(tickets, sort=shape[-1])
        )

    return rows


@agent_required
@require_POST
def queue_bulk(request):
    form = BulkForm(request.POST)
    back = reverse("support:queue") + "?" + request.POST.get("query", "")
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(back)
    data = form.cleaned_data
    tickets = list(data["tickets"])
    try:
        changed = 0
        if data["assignee"] or data["unassign"]:
            changed += helpdesk.assign_tickets(
                tickets=tickets, assignee=data["assignee"], by=request.user
            )
        if data["status"]:
            changed += helpdesk.set_tickets_status(
                tickets=tickets, status=data["status"], by=request.user
            )
    except helpdesk.TicketError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext("%(count)d change made.", "%(count)d changes made.", changed)
            % {"count": changed},
        )
    return redirect(back)


@agent_required
@require_POST
def save_filter(request):
    form = SavedFilterForm(request.POST)
    query = request.POST.get("query", "")
    if form.is_valid():
        try:
            SavedFilter.objects.update_or_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                defaults={"query": form.cleaned_data["query"]},
            )
        except IntegrityError:
            messages.error(request, _("A filter with this name exists already."))
        else:
            messages.success(request, _("Filter saved."))
    else:
        messages.error(request, _("Give the filter a name of at most 60 characters."))
    return redirect(reverse("support:queue") + "?" + query)


@agent_required
@require_POST
def delete_filter(request, pk: int):
    get_object_or_404(SavedFilter, pk=pk, owner=request.user).delete()
    messages.success(request, _("Filter deleted."))
    return redirect("support:queue")


@agent_required
def queue_export(request):
    """The filtered queue as CSV (no message texts, so no internal notes)."""
    return tickets_csv_response(_filtered(request).qs, filename="tickets.csv")
