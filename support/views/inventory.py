"""School pages of the inventory ("Meine Schule"): overview, devices, a device.

A coordinator sees her own school only; agents and administrators any school.
Everyone else gets 404 (see `support.permissions.get_school_for_user`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from support.delivery import batch_totals
from support.devices import LENDABLE
from support.forms_inventory import DeviceFilterForm
from support.models import ConfigurationProfile, Device, Loan
from support.permissions import (
    can_manage_school_devices,
    get_device_for_user,
    get_school_for_user,
    sees_delivery_overview,
)

PAGE_SIZE = 50


def _school_context(request, school) -> dict:
    return {
        "school": school,
        "can_manage": can_manage_school_devices(request.user, school),
    }


@login_required
def school_overview(request, school_number: str | None = None):
    """Profile, device counts, open loans and delivery progress of one school."""
    if school_number is None and sees_delivery_overview(request.user):
        return redirect("support:delivery_overview")
    school = get_school_for_user(request.user, school_number)
    devices = Device.objects.filter(school=school)
    profiles = ConfigurationProfile.objects.filter(school=school).prefetch_related(
        "apps"
    )
    batches = [
        b for b in batch_totals(school=school) if b.planned_total or b.delivered_total
    ]
    counts = devices.status_counts()
    context = {
        **_school_context(request, school),
        "profile": next((p for p in profiles if p.is_current), None),
        "profiles": profiles,
        "status_counts": [
            (label, counts.get(value, 0)) for value, label in Device.Status.choices
        ],
        "device_total": sum(counts.values()),
        "open_loans": Loan.objects.open()
        .filter(device__school=school)
        .select_related("device", "teacher")[:10],
        "open_loan_count": Loan.objects.open().filter(device__school=school).count(),
        "batches": batches,
    }
    return render(request, "support/inventory/school.html", context)


@login_required
def school_devices(request, school_number: str):
    school = get_school_for_user(request.user, school_number)
    form = DeviceFilterForm(request.GET or None)
    devices = form.apply(
        Device.objects.filter(school=school).select_related("batch", "profile_version")
    )
    page = Paginator(devices.order_by("serial"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "support/inventory/devices.html",
        {
            **_school_context(request, school),
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
def school_device(request, school_number: str, serial: str):
    school = get_school_for_user(request.user, school_number)
    device = get_device_for_user(request.user, serial, school=school)
    loans = list(device.loans.select_related("teacher"))
    can_lend = (
        can_manage_school_devices(request.user, school)
        and device.status in LENDABLE
        and not any(loan.is_open for loan in loans)
    )
    return render(
        request,
        "support/inventory/device.html",
        {
            **_school_context(request, school),
            "device": device,
            "loans": loans,
            "can_lend": can_lend,
        },
    )
