"""The version of how users are shown by name, for lists kept in the cache.

Kept conversations, ticket lists and registrations show people by name (an
anonymised one as "deleted user"). `PEOPLE` is renewed after any change of a
user but a login (which only sets `last_login`), so whatever is kept under it
shows a renamed or anonymised person at once.
"""

from __future__ import annotations

from portal.derived import Generation

PEOPLE = Generation("people")


def _on_user_change(instance=None, update_fields=None, **_kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login: no name changed
    PEOPLE.forget()


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    user_model = get_user_model()
    post_save.connect(_on_user_change, sender=user_model, dispatch_uid="people-s")
    post_delete.connect(_on_user_change, sender=user_model, dispatch_uid="people-d")
