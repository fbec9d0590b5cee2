"""URLs of the helpdesk part of support (namespace `support`)."""

from django.urls import path

from support.views import queue, queue_reports, queue_ticket, tickets
from support.views import tickets_help as help_views

T = "tickets/<str:reference>/"
Q = "warteschlange/<str:reference>/"

urlpatterns = [
    # School side
    path("melden/", tickets.report, name="report"),
    path("melden/hilfe/", tickets.help_suggestions, name="help_suggestions"),
    path("melden/geraete/", tickets.device_lookup, name="device_lookup"),
    path("tickets/", tickets.ticket_list, name="tickets"),
    path(T, tickets.ticket_detail, name="ticket"),
    path(T + "antworten/", tickets.ticket_reply, name="ticket_reply"),
    path(T + "schliessen/", tickets.ticket_close, name="ticket_close"),
    path(T + "nachricht/<int:pk>/", tickets.ticket_message, name="ticket_message"),
    path(T + "anhang/<int:pk>/", tickets.ticket_attachment, name="ticket_attachment"),
    path("hilfe-suche/", help_views.help_search, name="help_search"),
    # IT service
    path("warteschlange/", queue.queue, name="queue"),
    path("warteschlange/aktion/", queue.queue_bulk, name="queue_bulk"),
    path("warteschlange/export.csv", queue.queue_export, name="queue_export"),
    path("warteschlange/filter/", queue.save_filter, name="queue_save_filter"),
    path(
        "warteschlange/filter/<int:pk>/loeschen/",
        queue.delete_filter,
        name="queue_delete_filter",
    ),
    path("warteschlange/berichte/", queue_reports.report_overview, name="reports"),
    path(
        "warteschlange/berichte/tickets.csv",
        queue_reports.report_csv,
        name="reports_csv",
    ),
    path(Q, queue_ticket.queue_ticket, name="queue_ticket"),
    path(Q + "antworten/", queue_ticket.queue_reply, name="queue_reply"),
    path(Q + "aendern/", queue_ticket.queue_change, name="queue_change"),
    path(Q + "zusammenfuehren/", queue_ticket.queue_merge, name="queue_merge"),
    path(Q + "verlust/", queue_ticket.queue_confirm_loss, name="queue_confirm_loss"),
]
