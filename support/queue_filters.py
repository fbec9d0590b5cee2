"""The queue's filters: every filter is a GET parameter, so a filtered queue is a
link an agent can bookmark, share or save as a named filter."""

from __future__ import annotations

from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.kept import Kept
from portal.schools.models import School
from support.forms_tickets import agents_queryset
from support.models import Ticket
from support.models.inventory import normalise_serial
from support.models.ticket_choices import ACTIVE_STATUSES

SORTS = {
    "due": ("due_at", "pk"),
    "-created": ("-created_at", "-pk"),
    "-activity": ("-last_activity_at", "-pk"),
    "priority": ("-priority_rank", "due_at"),
}


#: The filters an agent narrows the queue by most (and the page), plain values
#: of the ticket itself: `plain_queue` answers them without django-filter.
PLAIN = {
    "status": dict(Ticket.Status.choices),
    "priority": dict(Ticket.Priority.choices),
    "category": dict(Ticket.Category.choices),
    "sort": SORTS,
}


def _counted(statuses, priority: str | None, category: str | None) -> dict:
    """What a queue narrowed by these alone counts (`TicketCounts.total`): the
    active statuses when none is chosen."""
    return {
        "statuses": list(statuses or ACTIVE_STATUSES),
        "priority": priority or None,
        "category": category or None,
    }


class PlainQueue(NamedTuple):
    tickets: QuerySet
    #: What the kept counts total for it (`TicketCounts.total`).
    counted: dict
    #: The values that make the query: equal shapes, equal SQL (`portal.kept_sql`).
    shape: tuple


def plain_queue(query, queryset: QuerySet | None = None) -> PlainQueue | None:
    """What `QueueFilter(query, queryset)` gives as `qs` and `counted_filter()`
    for a query of nothing but valid status, priority, category and sort
    values (and a page), the queue as an agent opens it included, without
    building the filters and their form: building them cost more than the
    rest of the filtered queue's view. None for any other query (a search, a
    school, an invalid value: the filters answer and show the error).

    Without `queryset`, the queue's own tickets (`Ticket.objects.for_queue()`),
    narrowed once per process and shape and cloned for each request."""
    if any(name not in PLAIN and name != "page" for name in query):
        return None
    statuses = [value for value in query.getlist("status") if value]
    if len(statuses) < len(query.getlist("status")):
        return None  # an empty choice: the form says so
    single = {name: query.get(name, "") for name in ("priority", "category", "sort")}
    if not all(value in PLAIN["status"] for value in statuses) or not all(
        value in PLAIN[name] for name, value in single.items() if value
    ):
        return None
    shape = (
        tuple(statuses),
        single["priority"],
        single["category"],
        single["sort"] or "due",
    )
    counted = _counted(statuses, single["priority"], single["category"])
    if queryset is None:
        tickets = _queue_narrowed(shape)
    else:
        tickets = _narrowed(queryset, shape)
    return PlainQueue(tickets, counted, shape)


def _narrowed(queryset: QuerySet, shape: tuple) -> QuerySet:
    statuses, priority, category, sort = shape
    tickets = queryset.filter(status__in=statuses) if statuses else queryset.active()
    if priority:
        tickets = tickets.filter(priority=priority)
    if category:
        tickets = tickets.filter(category=category)
    if sort == "priority":
        tickets = tickets.with_priority_rank()
    return tickets.order_by(*SORTS[sort])


def page_rows(page: QuerySet, sort: str) -> QuerySet:
    """`page.queue_rows()` of a slice of a plain queue sorted by `sort`, the
    slice chosen on the ticket table alone before the joins. Narrowed by
    several statuses, SQLite finds the matching tickets in an index but not in
    due order: it joined school and assignee to each of them before sorting
    (1,200 tickets at ten times the data, 1.3 ms), where it now sorts their
    index entries and joins the page's fifty (0.2 ms)."""
    rows = Ticket.objects.filter(pk__in=page.values("pk"))
    if sort == "priority":
        rows = rows.with_priority_rank()
    return rows.order_by(*SORTS[sort]).queue_rows()


#: The queue's tickets narrowed per shape, never evaluated: each request gets
#: a clone (building the filters anew cost more than reading the rows).
_narrowed_queues: Kept[QuerySet] = Kept(256)


def _queue_narrowed(shape: tuple) -> QuerySet:
    return _narrowed_queues.get(
        shape, lambda: _narrowed(Ticket.objects.for_queue(), shape)
    ).all()


def _district_choices():
    return [
        (d, d)
        for d in School.objects.order_by("district")
        .values_list("district", flat=True)
        .distinct()
    ]


class QueueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Reference, serial number, school or subject"),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        help_text=_("None chosen: all that are not resolved or closed."),
        choices=Ticket.Status.choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        # One column of the ticket itself: no join can repeat a row, and
        # django-filter's default DISTINCT would sort every matching ticket.
        distinct=False,
    )
    priority = django_filters.ChoiceFilter(
        label=_("Priority"), choices=Ticket.Priority.choices, empty_label=_("all")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Ticket.Category.choices, empty_label=_("all")
    )
    school = django_filters.ModelChoiceFilter(
        label=_("School"),
        queryset=School.objects.only("pk", "name", "school_number"),
        empty_label=_("all"),
    )
    district = django_filters.ChoiceFilter(
        label=_("District"),
        field_name="school__district",
        choices=_district_choices,
        empty_label=_("all"),
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Assigned to"),
        # Lazy, so the form class can be kept (see `get_form_class`): the field
        # is drawn from the cache (`support.queue_forms`) and a chosen agent is
        # looked up by primary key, which plans well without the group's id.
        queryset=agents_queryset(lazy=True),
        empty_label=_("anyone"),
        null_label=_("nobody (unassigned)"),
        null_value="none",
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_sort",
        empty_label=None,
        choices=[
            ("due", _("due time")),
            ("priority", _("priority")),
            ("-created", _("newest first")),
            ("-activity", _("last activity")),
        ],
    )

    class Meta:
        model = Ticket
        fields: list[str] = []

    def get_form_class(self):
        """The form class, built once per process: django-filter builds (and
        deep-copies) every field for every request, though none depends on it
        (choices and querysets are read when the form is validated or drawn)."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        term = value.strip()
        if not term:
            return queryset
        serial = normalise_serial(term)
        return queryset.filter(
            Q(reference__icontains=term)
            | Q(serial__contains=serial)
            | Q(school__name__icontains=term)
            | Q(school__school_number=term)
            | Q(subject__icontains=term)
        )

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.overdue(timezone.now()) if value else queryset

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # applied in `qs` after every filter

    def counted_filter(self) -> dict | None:
        """The statuses the queue lists (the active ones when none is chosen)
        and the priority and category it is narrowed to (or None), when no
        other filter narrows it: its total is then a sum of the kept counts
        (`support.ticket_counts.TicketCounts.total`). None when another filter
        narrows it, or the filters are invalid."""
        if not self.form.is_valid():
            return None
        data = self.form.cleaned_data
        counted = ("status", "priority", "category", "sort")
        narrowing = [name for name in self.filters if name not in counted]
        if any(data.get(name) not in (None, "", False) for name in narrowing):
            return None
        return _counted(data.get("status"), data.get("priority"), data.get("category"))

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        valid = self.form.is_valid()
        if not (valid and self.form.cleaned_data.get("status")):
            queryset = queryset.active()
        sort = (self.form.cleaned_data.get("sort") if valid else "") or "due"
        if sort == "priority":
            queryset = queryset.with_priority_rank()
        return queryset.order_by(*SORTS.get(sort, SORTS["due"]))
