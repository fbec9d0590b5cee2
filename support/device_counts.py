"""What the inventory admin's device listing shows, kept until it changes.

250,000 rows make a COUNT(*) cost more than the rest of the page, the filters
list every school and batch, and the twenty rows with their action menus are
drawn through some sixty templates. All of it is kept under one generation,
renewed by every saved or deleted device, school (its name shows in the rows)
and delivery batch (its number shows), and by the writes that bypass `save()`
(`devices_changed()`: the CSV import, the bulk status change).
"""

from __future__ import annotations

import hashlib

from django.utils.functional import cached_property
from django.utils.translation import get_language
from wagtail.admin.paginator import WagtailPaginator

from portal.derived import Generation

DEVICES = Generation("support:devices")


def devices_changed(**_kwargs) -> None:
    """Call after any write that bypasses `save()` (bulk import, bulk status)."""
    DEVICES.forget()


def cached_count(queryset) -> int:
    """`queryset.count()`, remembered per query until a device changes."""
    sql, params = queryset.query.sql_with_params()
    key = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
    return DEVICES.cached(f"count:{key}", queryset.count)


def school_choices() -> list[tuple[str, str]]:
    """The schools for the listing's filter, as `ModelChoiceFilter` lists them."""
    from portal.schools.models import School

    def schools():
        return [(str(s.pk), str(s)) for s in School.objects.order_by("name")]

    return DEVICES.cached("schools", schools)


def batch_choices() -> list[tuple[str, str]]:
    """The delivery batches for the listing's filter."""
    from support.models import DeliveryBatch

    def batches():
        return [(str(b.pk), str(b)) for b in DeliveryBatch.objects.all()]

    return DEVICES.cached("batches", batches)


def listing_key(request) -> str | None:
    """The key of a page of the device listing's results, or None for a search
    (one entry per search term would only fill the cache).

    Under the current version; per language, query (filters, page, order) and
    what the rows' action menus depend on: the user's device permissions.
    """
    if request.GET.get("q"):
        return None
    user = request.user
    permissions = [
        action
        for action in ("add", "change", "delete", "view")
        if user.has_perm(f"support.{action}_device")
    ]
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    raw = repr([request.path, get_language(), query, permissions, user.is_superuser])
    try:
        return DEVICES.key("rows:" + hashlib.sha256(raw.encode()).hexdigest())
    except Exception:  # noqa: BLE001 - cache unreachable: rendered every time
        return None


def model_choices() -> list[tuple[str, str]]:
    """The device models for the listing's filter (a pass over every device)."""
    from support.models import Device

    def distinct_models():
        models = Device.objects.order_by("model").values_list("model", flat=True)
        return [(m, m) for m in models.distinct()]

    return DEVICES.cached("models", distinct_models)


class CachedCountPaginator(WagtailPaginator):
    @cached_property
    def count(self) -> int:
        return cached_count(self.object_list)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from portal.schools.models import School
    from support.models import DeliveryBatch, Device

    for model in (Device, School, DeliveryBatch):
        for signal in (post_save, post_delete):
            signal.connect(
                devices_changed,
                sender=model,
                dispatch_uid=f"devices-changed-{model.__name__}-{id(signal)}",
            )
