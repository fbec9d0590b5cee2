"""Loans on the school pages: list, record a loan, a return, the agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from support import devices as inventory
from support.forms_inventory import LoanForm, ReturnForm
from support.models import Loan
from support.permissions import get_loan_for_user, get_school_for_user

PAGE_SIZE = 50


@login_required
def school_loans(request, school_number: str):
    school = get_school_for_user(request.user, school_number)
    loans = Loan.objects.filter(device__school=school).select_related(
        "device", "teacher"
    )
    show_all = request.GET.get("alle") == "1"
    if not show_all:
        loans = loans.open()
    page = Paginator(loans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support/inventory/loans.html",
        {"school": school, "page": page, "show_all": show_all},
    )


@login_required
def loan_create(request, school_number: str):
    school = get_school_for_user(request.user, school_number)
    initial = {"serial": request.GET.get("serial", "")}
    form = LoanForm(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = inventory.record_loan(
                device=data["serial"],
                by=request.user,
                issued_on=data["issued_on"],
                pupil_reference=data["pupil_reference"],
                teacher=data["teacher"],
                expected_return=data["expected_return"],
                agreement_signed_on=data["agreement_signed_on"],
                accessories=data["accessories"],
                condition_at_issue=data["condition_at_issue"],
            )
        except inventory.InventoryError as exc:
            form.add_error(
                "serial" if exc.field == "device" else exc.field, exc.message
            )
        else:
            messages.success(
                request,
                _("Loan of %(serial)s recorded. Print the agreement for signing.")
                % {"serial": loan.device.serial},
            )
            return redirect(
                "support:loan_agreement", school_number=school.school_number, pk=loan.pk
            )
    return render(
        request, "support/inventory/loan_form.html", {"school": school, "form": form}
    )


@login_required
def loan_return(request, school_number: str, pk: int):
    school = get_school_for_user(request.user, school_number)
    loan = get_loan_for_user(request.user, pk, school=school)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inventory.record_return(
                loan=loan,
                by=request.user,
                returned_on=form.cleaned_data["returned_on"],
                condition_at_return=form.cleaned_data["condition_at_return"],
                device_status=form.cleaned_data["device_status"],
            )
        except inventory.InventoryError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request,
                _("Return of %(serial)s recorded.") % {"serial": loan.device.serial},
            )
            return redirect("support:school_loans", school_number=school.school_number)
    return render(
        request,
        "support/inventory/loan_return.html",
        {"school": school, "loan": loan, "form": form},
    )


@login_required
def loan_agreement(request, school_number: str, pk: int):
    """Printable agreement: device and school data, the pupil's name on paper only."""
    school = get_school_for_user(request.user, school_number)
    loan = get_loan_for_user(request.user, pk, school=school)
    return render(
        request,
        "support/inventory/loan_agreement.html",
        {"school": school, "loan": loan, "device": loan.device},
    )
