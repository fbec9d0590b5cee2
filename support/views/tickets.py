"""School side of the helpdesk: report a problem, my/our tickets, conversation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.permissions import is_coordinator
from support import school_tickets
from support import tickets as helpdesk
from support.form_html import field_groups, form_html, options_html
from support.forms_tickets import ReplyForm, ReportForm
from support.help import suggested_articles
from support.models import Device, Ticket
from support.permissions import (
    can_close_ticket,
    can_report_problem,
    can_work_tickets,
    get_attachment_for_user,
    get_message_for_user,
    get_ticket_for_user,
)
from support.ticket_listings import pagination_html, ticket_cards_html
from support.ticket_threads import school_conversation_html

LIST_PAGE_SIZE = 25


def _school_member(request) -> None:
    if not can_report_problem(request.user):
        raise PermissionDenied


@login_required
def report(request):
    """ "Report a problem": category first, help suggested, then the ticket."""
    _school_member(request)
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = helpdesk.open_ticket(
                    school=request.user.school,
                    reporter=request.user,
                    category=data["category"],
                    subject=data["subject"],
                    body=data["description"],
                    serial=data["serial"],
                    files=data["attachments"],
                )
            except helpdesk.TicketError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(
                    request,
                    _("Thank you. Your ticket %(reference)s has been filed.")
                    % {"reference": ticket.reference},
                )
                return redirect("support:ticket", ticket.reference)
    else:
        form = ReportForm(initial=request.GET.dict())
    category = form["category"].value() or ""
    return render(
        request,
        "support/tickets/report.html",
        {
            "form": form,
            "fields": field_groups(form),
            "category_options": options_html(form, "category"),
            "suggestions": suggested_articles(category),
            "device_search": is_coordinator(request.user),
        },
    )


@require_GET
def help_suggestions(request):
    """The suggestion box for a category, fetched by ticket-report.js."""
    articles = suggested_articles(request.GET.get("category", ""))
    return render(
        request, "support/tickets/includes/suggestions.html", {"suggestions": articles}
    )


@login_required
@require_GET
def device_lookup(request):
    """Serials of the coordinator's own school matching `q` (for the datalist)."""
    if not (is_coordinator(request.user) or can_work_tickets(request.user)):
        raise PermissionDenied
    term = request.GET.get("q", "")
    devices = Device.objects.for_user(request.user).search(term)
    rows = devices.order_by("serial").values("serial", "model", "asset_tag")[:20]
    return JsonResponse({"devices": list(rows)} if len(term) >= 2 else {"devices": []})


@login_required
def ticket_list(request):
    """ "My tickets" for a teacher, "Tickets of the school" for a coordinator."""
    _school_member(request)
    show = "active" if request.GET.get("show", "active") == "active" else "done"
    whole_school = is_coordinator(request.user)
    tickets = Ticket.objects.for_user(request.user)
    tickets = tickets.active() if show == "active" else tickets.done()
    page = school_tickets.list_page(
        request.user,
        tickets.order_by("-last_activity_at"),
        LIST_PAGE_SIZE,
        request.GET.get("page"),
        show=show,
        whole_school=whole_school,
    )
    return render(
        request,
        "support/tickets/list.html",
        {
            "page_obj": page,
            "cards": ticket_cards_html(page.object_list, whole_school=whole_school),
            "pagination": pagination_html(page, f"show={show}"),
            "show": show,
            "whole_school": whole_school,
        },
    )


@login_required
def ticket_detail(request, reference: str):
    ticket = get_ticket_for_user(request.user, reference)
    return _detail(request, ticket, ReplyForm())


def _detail(request, ticket: Ticket, form: ReplyForm, status: int = 200):
    context = {
        "ticket": ticket,
        "conversation": school_conversation_html(ticket),
        "form": form_html(form),
        "can_reply": helpdesk.school_may_reply(ticket),
        "can_close": can_close_ticket(request.user, ticket),
    }
    return render(request, "support/tickets/detail.html", context, status=status)


@login_required
@require_POST
def ticket_reply(request, reference: str):
    ticket = get_ticket_for_user(request.user, reference, related=())
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            helpdesk.reply_to_ticket(
                ticket=ticket,
                author=request.user,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except helpdesk.TicketError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your reply has been sent."))
            return redirect("support:ticket", ticket.reference)
    return _detail(request, ticket, form, status=400)


@login_required
@require_POST
def ticket_close(request, reference: str):
    ticket = get_ticket_for_user(request.user, reference, related=())
    try:
        helpdesk.close_ticket(ticket=ticket, by=request.user)
    except helpdesk.TicketError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The ticket has been closed."))
    return redirect("support:ticket", ticket.reference)


@login_required
@require_GET
def ticket_message(request, reference: str, pk: int):
    """A link to one message: the conversation, scrolled to it."""
    message = get_message_for_user(request.user, reference, pk)
    url = reverse("support:ticket", args=[reference])
    return redirect(f"{url}#message-{message.pk}")


@login_required
@require_GET
def ticket_attachment(request, reference: str, pk: int) -> HttpResponse:
    """Download an attachment after the permission check; never shown inline."""
    attachment = get_attachment_for_user(request.user, reference, pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
