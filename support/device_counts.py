"""Counts over the city's devices for the inventory admin, kept until a device
changes: 250,000 rows make a COUNT(*) cost more than the rest of the page."""

from __future__ import annotations

import hashlib

from django.utils.functional import cached_property
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

    from support.models import Device

    post_save.connect(devices_changed, sender=Device, dispatch_uid="devices-changed-s")
    post_delete.connect(
        devices_changed, sender=Device, dispatch_uid="devices-changed-d"
    )
