"""The IT service's view of one ticket: conversation with internal notes, panels,
history, and the forms that change it. Each POST calls one domain function."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.derived import read_together
from support import tickets as helpdesk
from support.form_html import form_html
from support.forms_tickets import AgentReplyForm, MergeForm, TicketChangeForm
from support.markup import shown_time
from support.models import Device, Ticket
from support.permissions import get_ticket_for_agent
from support.ticket_forms_html import agent_forms_html, kept_forms
from support.ticket_listings import school_panel_html
from support.ticket_panels import device_panel, kept_panels, school_panel
from support.ticket_threads import agent_thread_html, kept_agent_thread
from support.views.queue_access import agent_required


def _page(request, ticket: Ticket, *, status: int = 200, **forms):
    """The ticket view; `forms` are bound forms with errors, shown instead of
    the unbound ones (whose HTML is kept, see `support.ticket_forms_html`).
    What the page keeps (panels, forms, thread) is read at once."""
    kept = [
        *kept_panels(ticket),
        kept_forms(ticket),
        kept_agent_thread(ticket),
    ]
    with read_together(kept):
        return _render_page(request, ticket, status=status, **forms)


def _render_page(request, ticket: Ticket, *, status: int, **forms):
    school = school_panel(ticket)
    device = device_panel(ticket, school_profile=school.current_profile)
    kept = agent_forms_html(ticket)
    talk, history = agent_thread_html(ticket)
    context = {
        "ticket": ticket,
        "due": shown_time(ticket.due_at),
        "conversation": talk,
        "history": history,
        "device": device,
        "school_section": school_panel_html(ticket, school),
        "canned_replies": kept.canned_replies,
        "reply_form": forms.get("reply_form") or kept.reply_form,
        "change_form": forms.get("change_form") or kept.change_form,
        "merge_form": form_html(forms.get("merge_form") or MergeForm()),
        "can_confirm_loss": ticket.category == Ticket.Category.LOST
        and device is not None
        and device.device.status != Device.Status.LOST,
    }
    return render(request, "support/tickets/queue_ticket.html", context, status=status)


@agent_required
def queue_ticket(request, reference: str):
    return _page(request, get_ticket_for_agent(request.user, reference))


@agent_required
@require_POST
def queue_reply(request, reference: str):
    ticket = get_ticket_for_agent(request.user, reference, related=())
    form = AgentReplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            helpdesk.reply_to_ticket(
                ticket=ticket,
                author=request.user,
                body=data["body"],
                internal=data["internal"],
                files=data["attachments"],
                status=data["status"] or None,
            )
        except helpdesk.TicketError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Internal note saved.") if data["internal"] else _("Reply sent."),
            )
            return redirect("support:queue_ticket", ticket.reference)
    return _page(request, ticket, status=400, reply_form=form)


@agent_required
@require_POST
def queue_change(request, reference: str):
    ticket = get_ticket_for_agent(request.user, reference, related=())
    form = TicketChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            helpdesk.change_ticket(
                ticket=ticket,
                by=request.user,
                status=data["status"],
                priority=data["priority"],
                assignee=data["assignee"],
                serial=data["serial"],
            )
        except helpdesk.TicketError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Ticket updated."))
            return redirect("support:queue_ticket", ticket.reference)
    return _page(request, ticket, status=400, change_form=form)


@agent_required
@require_POST
def queue_merge(request, reference: str):
    ticket = get_ticket_for_agent(request.user, reference, related=())
    form = MergeForm(request.POST)
    if form.is_valid():
        target = Ticket.objects.filter(reference=form.cleaned_data["target"]).first()
        try:
            if target is None:
                raise helpdesk.TicketError(_("There is no ticket with this reference."))
            helpdesk.merge_tickets(source=ticket, target=target, by=request.user)
        except helpdesk.TicketError as exc:
            form.add_error("target", exc.message)
        else:
            messages.success(
                request,
                _("%(source)s was merged into %(target)s.")
                % {"source": ticket.reference, "target": target.reference},
            )
            return redirect("support:queue_ticket", target.reference)
    return _page(request, ticket, status=400, merge_form=form)


@agent_required
@require_POST
def queue_confirm_loss(request, reference: str):
    ticket = get_ticket_for_agent(request.user, reference, related=())
    try:
        device = helpdesk.confirm_lost_device(ticket=ticket, by=request.user)
    except helpdesk.TicketError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Device %(serial)s is now recorded as lost.") % {"serial": device.serial},
        )
    return redirect("support:queue_ticket", ticket.reference)
