"""`{% course_sessions %}`: a course page's session list with the visitor's booking
box in every session that can still be booked.

The list itself is kept for all visitors (`courses.fragments.course_sessions_part`);
only the boxes are rendered per request, from `booking_display.session_actions`.
"""

from django import template
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from courses.booking_display import session_actions

BUTTONS_TEMPLATE = "courses/booking/_session_buttons.html"

register = template.Library()


@register.simple_tag(takes_context=True)
def course_sessions(context) -> SafeString:
    part = context["sessions_part"]
    bookings = context["course_bookings"]
    html = [part.chunks[0]]
    if part.boxes:
        request = context["request"]
        # A plain Context: the box needs no context processors.
        buttons = get_template(BUTTONS_TEMPLATE).template
        shared = {
            "request": request,
            "csrf_token": context.get("csrf_token"),
            "next": request.get_full_path(),
        }
        now = timezone.now()
        for session, chunk in zip(part.boxes, part.chunks[1:], strict=True):
            actions = session_actions(bookings, session, now)
            box = template.Context({**shared, "session": session, "actions": actions})
            html.extend((buttons.render(box), "\n", chunk))
    return mark_safe("".join(html))  # noqa: S308 - rendered templates
