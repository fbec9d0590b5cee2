"""The queue's filter and bulk-change forms as HTML, shared by all agents.

The two forms list every school, every district and every agent: a third of the
queue's rendering time and four of its queries. What they show changes only
with those lists, so the HTML is kept under one `portal.derived.Generation`
that a saved or deleted school, a changed user (not a mere login), any change
of group membership and a saved or deleted canned reply renew, per language
and, for the filters, per combination of chosen values. A search term, an
invalid value (the form shows its error) and everything while the cache is away
are rendered every time. The ticket view's forms are kept under the same
generation (`support.ticket_forms_html`).
"""

from __future__ import annotations

import hashlib

from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from portal.derived import Generation, cached_across, on_save_or_delete
from support.forms_tickets import BulkForm

CHOICES = Generation("support:queue-choices")
TIMEOUT = 3600
BULK_TEMPLATE = "support/tickets/includes/bulk_fields.html"


def _query_key(query: QueryDict) -> str:
    items = sorted((k, v) for k in query if k != "page" for v in query.getlist(k))
    raw = repr([translation.get_language(), items])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _bulk_fields() -> str:
    return render_to_string(BULK_TEMPLATE, {"form": BulkForm()})


def forms_html(filterset) -> tuple[SafeString, SafeString]:
    """The queue's filter form (`filterset` is bound to the request's GET) and
    the fields of the unbound bulk-change form (assignee, unassign, status),
    kept together: one read of the cache for both."""
    form = filterset.form
    if filterset.data.get("q") or not form.is_valid():
        return mark_safe(str(form)), bulk_fields_html()  # noqa: S308 - Django's
    return _kept(filterset.data, lambda: str(form))


def plain_forms_html(query: QueryDict) -> tuple[SafeString, SafeString]:
    """`forms_html` of a queue narrowed by plain values alone, or as it opens
    (`queue_filters.plain_queue`): the filters are built only when their HTML
    is not kept."""
    from support.models import Ticket
    from support.queue_filters import QueueFilter

    return _kept(
        query, lambda: str(QueueFilter(query, queryset=Ticket.objects.none()).form)
    )


def kept_forms(query: QueryDict):
    """What the forms of the queue at `query` read when kept
    (`portal.derived.read_together`)."""
    return CHOICES.kept("forms:" + _query_key(query))


def _kept(query: QueryDict, draw_filters) -> tuple[SafeString, SafeString]:
    filters, bulk = cached_across(
        *kept_forms(query), lambda: (draw_filters(), _bulk_fields()), TIMEOUT
    )
    return mark_safe(filters), mark_safe(bulk)  # noqa: S308 - Django's, a template's


def bulk_fields_html() -> SafeString:
    """The bulk-change fields alone, for a queue whose filters are not kept."""
    key = f"bulk:{translation.get_language()}"
    html = CHOICES.cached(key, _bulk_fields, TIMEOUT)
    return mark_safe(html)  # noqa: S308 - rendered by a template


def _on_user_saved(update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    CHOICES.forget()


def connect_signals() -> None:
    """Called once from `SupportConfig.ready()`."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from portal.schools.models import School
    from support.models import CannedReply

    user_model = get_user_model()
    on_save_or_delete(CHOICES.forget, School, CannedReply, uid="queue-forms")
    post_save.connect(_on_user_saved, sender=user_model, dispatch_uid="queue-forms-u")
    post_delete.connect(CHOICES.forget, sender=user_model, dispatch_uid="queue-forms-d")
    m2m_changed.connect(
        CHOICES.forget,
        sender=user_model.groups.through,
        dispatch_uid="queue-forms-groups",
    )
