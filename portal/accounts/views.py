from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.accounts.forms import DeleteAccountForm, ProfileForm
from portal.accounts.services import anonymise_user


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        response.delete_cookie("django_language")
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        anonymise_user(user=request.user)
        logout(request)
        messages.success(
            request,
            _(
                "Your account has been deleted. Your bookings and tickets remain "
                "without your name."
            ),
        )
        return redirect("/")
    return render(request, "accounts/delete.html", {"form": form})
