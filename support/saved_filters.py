"""An agent's saved queue filters, listed on every visit of the queue: kept in the
shared cache per agent until one of them is saved or deleted."""

from __future__ import annotations

from portal.derived import Generation, cached_across, on_save_or_delete
from support.models import SavedFilter

TIMEOUT = 3600


def _generation(owner_id: int) -> Generation:
    return Generation(f"support:saved-filters:{owner_id}")


def kept_filters(user):
    """What `saved_filters_of(user)` reads (`portal.derived.read_together`)."""
    return _generation(user.pk).kept("list")


def saved_filters_of(user) -> list[dict]:
    """The agent's filters by name: `pk`, `name` and `query` of each."""
    return cached_across(
        *kept_filters(user),
        lambda: list(
            SavedFilter.objects.filter(owner=user).values("pk", "name", "query")
        ),
        TIMEOUT,
    )


def filters_changed(instance: SavedFilter, **_kwargs) -> None:
    _generation(instance.owner_id).forget()


def connect_signals() -> None:
    on_save_or_delete(filters_changed, SavedFilter, uid="saved-filters")
