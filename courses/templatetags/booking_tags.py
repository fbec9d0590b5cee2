"""`{% course_sessions %}`: a course page's session list with the visitor's booking
box in every session that can still be booked.

The list is kept for all visitors (`courses.fragments.course_sessions_part`); only
the boxes are decided per request (`booking_display.session_actions`). The box
most teachers see, "book" without another date of the course, is kept with the
list as well and only gets the visitor's CSRF token and the page's address.
"""

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from courses.booking_display import open_actions, session_actions
from courses.fragments import BOX_CSRF, BOX_NEXT, render_booking_box

register = template.Library()


@register.simple_tag(takes_context=True)
def course_sessions(context) -> SafeString:
    part = context["sessions_part"]
    bookings = context["course_bookings"]
    html = [part.chunks[0]]
    if part.boxes:
        csrf_token = context.get("csrf_token")
        next_url = context["request"].get_full_path()
        now = timezone.now()
        for session, open_box, chunk in zip(
            part.boxes, part.open_boxes, part.chunks[1:], strict=True
        ):
            actions = session_actions(bookings, session, now)
            if actions == open_actions(session) and csrf_token is not None:
                box = open_box.replace(BOX_CSRF, escape(csrf_token))
                box = box.replace(BOX_NEXT, escape(next_url))
            else:
                box = render_booking_box(
                    session, actions, csrf_token=csrf_token, next_url=next_url
                )
            html.extend((box, "\n", chunk))
    return mark_safe("".join(html))  # noqa: S308 - rendered templates, escaped
