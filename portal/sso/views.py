"""Views of the iServ login: choose the school, confirm a link, the refusal page."""

from __future__ import annotations

from allauth.account import app_settings as account_settings
from allauth.account.utils import get_next_redirect_url, perform_login
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.sso.forms import IServChoiceForm, LinkAccountForm
from portal.sso.linking import (
    account_for_pending_link,
    clear_pending_link,
    link_account,
    pending_link,
)
from portal.sso.models import IServConnection


class Refusal(models.TextChoices):
    NOT_CONFIGURED = "not_configured", _("This iServ is not set up for the portal.")
    NO_ROLE = "no_role", _("Your iServ groups give no access to the portal.")
    OTHER_SCHOOL = (
        "other_school",
        _("Your portal account belongs to another school than this iServ."),
    )


def refused(request: HttpRequest, reason: str, connection) -> HttpResponse:
    """The clear page for someone iServ knows but the portal does not admit."""
    mappings = list(connection.role_mappings.all()) if connection else []
    context = {
        "reason": Refusal(reason),
        "connection": connection,
        "mappings": mappings,
    }
    return render(request, "sso/refused.html", context, status=403)


def _hand_over(request: HttpRequest, connection, process: str) -> HttpResponse:
    """Start the OpenID Connect login at the school's iServ (PKCE, nonce, state)."""
    provider = connection.app.get_provider(request)
    response = provider.redirect(
        request, process, next_url=get_next_redirect_url(request)
    )
    if not isinstance(response, HttpResponseRedirect):
        return response  # allauth's error page: the iServ did not answer well
    # CSP form-action 'self' forbids a form's redirect to another site; a page
    # whose script (or, without JavaScript, the user) follows the link may go.
    context = {"connection": connection, "authorize_url": response["Location"]}
    return render(request, "sso/redirect.html", context)


@never_cache
def choose(request: HttpRequest) -> HttpResponse:
    """Send her to her school's iServ (POST), or show the choice (GET)."""
    form = IServChoiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _hand_over(request, form.cleaned_data["connection"], AuthProcess.LOGIN)
    status = 400 if form.errors else 200
    return render(
        request,
        "sso/choose.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=status,
    )


@never_cache
def link(request: HttpRequest) -> HttpResponse:
    """Link the pending iServ login to her existing account after her password."""
    sociallogin = pending_link(request)
    user = account_for_pending_link(sociallogin) if sociallogin else None
    if user is None:
        messages.error(request, gettext("Please start the iServ login again."))
        return redirect("account_login")
    form = LinkAccountForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        clear_pending_link(request)
        link_account(request=request, sociallogin=sociallogin, user=user)
        return perform_login(
            request,
            user,
            email_verification=account_settings.EMAIL_VERIFICATION,
            redirect_url=sociallogin.get_redirect_url(request),
        )
    context = {"form": form, "email": user.email, "school": user.school}
    return render(request, "sso/link.html", context)


@never_cache
@login_required
@require_POST
def connect(request: HttpRequest) -> HttpResponse:
    """A logged-in teacher links her own school's iServ to her account."""
    connection = get_object_or_404(
        IServConnection.objects.enabled().select_related("app", "school"),
        school_id=request.user.school_id,
    )
    return _hand_over(request, connection, AuthProcess.CONNECT)
