"""Template tags of the iServ login: the choice on the login page, logout hints."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template

from portal.sso.forms import IServChoiceForm
from portal.sso.models import IServConnection

register = template.Library()


def origin_of(url: str) -> str:
    """Where the user opens iServ: the issuer's scheme and host."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


@register.inclusion_tag("sso/login_choice.html", takes_context=True)
def iserv_login_choice(context) -> dict:
    """'Mit iServ anmelden' with the schools that have iServ login switched on."""
    form = IServChoiceForm()
    return {
        "form": form,
        "available": form.fields["school"].queryset.exists(),
        "redirect_field_value": context.get("redirect_field_value") or "",
    }


@register.inclusion_tag("sso/logout_hint.html", takes_context=True)
def iserv_logout_hint(context) -> dict:
    """Where she logs out of iServ, if her account is linked to a school's iServ."""
    user = getattr(context.get("request"), "user", None)
    addresses: list[str] = []
    if user is not None and user.is_authenticated:
        providers = user.socialaccount_set.values_list("provider", flat=True)
        connections = IServConnection.objects.filter(
            app__provider_id__in=list(providers)
        ).select_related("school", "app")
        for connection in connections:
            addresses.append(
                connection.school.iserv_url or origin_of(connection.issuer)
            )
    return {"iserv_addresses": addresses}


@register.inclusion_tag("sso/connect_choice.html", takes_context=True)
def iserv_connect_choice(context) -> dict:
    """On the connections page: link the iServ of her own school, if it has one."""
    user = getattr(context.get("request"), "user", None)
    connection = None
    if user is not None and user.is_authenticated and user.school_id:
        connection = (
            IServConnection.objects.enabled()
            .select_related("school")
            .filter(school_id=user.school_id)
            .first()
        )
    return {"connection": connection}
