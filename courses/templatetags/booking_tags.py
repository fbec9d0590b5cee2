"""`{% session_actions session %}`: the booking box of a session on the course page."""

from django import template

from courses.booking_display import session_actions as actions_for

register = template.Library()


@register.inclusion_tag("courses/booking/_session_buttons.html", takes_context=True)
def session_actions(context, session):
    request = context["request"]
    return {
        "session": session,
        "actions": actions_for(request, session),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }
