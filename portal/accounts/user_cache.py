"""The logged-in user of a request, kept in the shared cache between requests.

Django loads the user of a session from the database on every request, the
portal's role predicates ask for the user's groups, the staff pages whether she
enrolled a second factor, and many pages read her school: up to four queries.
The user row with her role names, her second-factor state and her school is
kept in the shared cache (Redis in production) under the user's id, so a request
finds them with one round trip instead.

Correctness rests on invalidation, which runs after the transaction commits:
- any save or deletion of the user (profile, password, e-mail, school, active
  flag), and any change of the user's groups, writes a tombstone over the entry;
  a login, which saves only `last_login`, drops the entry;
- a group renamed or deleted does the same for its members, a school saved or
  deleted for its users (each carries her school), a second factor enrolled or
  removed for its owner;
- Wagtail's bulk "mark as active/inactive" updates users without signals: its
  `after_bulk_action` hook (portal/wagtail_hooks.py) forgets them.

Entries are filled with `cache.add`, which never overwrites: a request that read
the user just before a change cannot store the old row over the tombstone (the
tombstone lives a minute, far longer than a request). Every entry expires after
`TIMEOUT` anyway, for changes made behind the ORM's back (raw SQL, `update()`).
The session's auth hash is still checked against the cached password hash on
every request, so a password change logs out other sessions at once.

The cache holds what the database holds (including the password hash) and must
be protected like it; it already holds the sessions. While the cache server is
away, users are read from the database as before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from copy import copy

from django.core.cache import cache
from django.db import transaction

from portal.derived import on_save_or_delete
from portal.permissions import needs_mfa

logger = logging.getLogger(__name__)

TIMEOUT = 300
TOMBSTONE_SECONDS = 60
_TOMBSTONE = "forgotten"


def cache_key(user_id) -> str:
    return f"auth-user:{user_id}"


#: The entry the session store read with the session (`portal.accounts.sessions`),
#: for this request only: (user id as text, entry or None).
_handed = threading.local()


def hand_over(user_id, entry) -> None:
    """The cache entry of `user_id`, just read with the session of this request."""
    _handed.entry = (str(user_id), entry)


def _take_handed(user_id) -> tuple[bool, object]:
    """(True, entry) when the session store read this user's entry; it is used once."""
    handed = getattr(_handed, "entry", None)
    _handed.entry = None
    if handed is None or handed[0] != str(user_id):
        return False, None
    return True, handed[1]


def drop_handed(**_kwargs) -> None:
    """A request starts or ends: nothing read for another request is kept."""
    _handed.entry = None


#: What is stored with the user besides her row and school: her role names and,
#: for staff, whether she has enrolled a second factor.
KEPT = ("role_names", "has_mfa")


def get_user(user_id, load: Callable[[object], object | None]):
    """The user with this id (with `KEPT` filled), from the cache or `load`."""
    key = cache_key(user_id)
    handed, entry = _take_handed(user_id)
    if not handed:
        try:
            entry = cache.get(key)
        except Exception:  # noqa: BLE001 - any cache backend's connection error
            logger.warning(
                "Cache unreachable: loading user %s from the database", user_id
            )
            return load(user_id)
    if entry is not None and not isinstance(entry, str):
        return entry
    user = load(user_id)
    if user is None or entry is not None:  # unknown, inactive, or just changed
        return user
    user.role_names  # noqa: B018 - fills the cached_property stored with the user
    if needs_mfa(user):  # only staff are ever asked
        user.has_mfa  # noqa: B018 - see above
    user.school  # noqa: B018 - loads the school stored with the user
    try:
        cache.add(key, _storable(user), TIMEOUT)
    except Exception:  # noqa: BLE001 - see above
        logger.warning("Cache unreachable: user %s not stored", user_id)
    return user


def _storable(user):
    """A copy of the user with its fields and role names, nothing a request added."""
    stored = copy(user)
    stored._state = copy(user._state)
    stored._state.fields_cache = {
        name: value
        for name, value in user._state.fields_cache.items()
        if name == "school"
    }
    fields = {field.attname for field in user._meta.concrete_fields}
    for name in list(vars(stored)):
        if name not in fields and name not in ("_state", *KEPT):
            del vars(stored)[name]
    return stored


def _write_tombstones(user_ids: list, *, only_cached: bool = False) -> None:
    keys = [cache_key(pk) for pk in user_ids]
    try:
        if only_cached:
            keys = [
                k for k, v in cache.get_many(keys).items() if not isinstance(v, str)
            ]
        cache.set_many(dict.fromkeys(keys, _TOMBSTONE), timeout=TOMBSTONE_SECONDS)
    except Exception:  # noqa: BLE001 - nothing could be stored, nothing is stale
        logger.warning("Cache unreachable: users %s not invalidated", user_ids)


def forget_users(user_ids: Iterable) -> None:
    """These users changed: read them from the database again.

    The tombstones written after the commit are what makes this correct. Entries
    already cached are also replaced at once, so that the change counts inside
    its own transaction too (and in tests, which never commit).
    """
    ids = [pk for pk in user_ids if pk is not None]
    if ids:
        _write_tombstones(ids, only_cached=True)
        transaction.on_commit(lambda: _write_tombstones(ids))


def _forget_login(user_id) -> None:
    try:
        cache.delete(cache_key(user_id))
    except Exception:  # noqa: BLE001 - see above
        logger.warning("Cache unreachable: user %s not invalidated", user_id)


def _on_user_change(instance=None, update_fields=None, **kwargs) -> None:
    if instance is None:
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        # A login: only `last_login` changed, which nothing shows. Dropping the
        # entry is enough (a tombstone would keep the user uncached for a
        # minute right when she starts to work).
        transaction.on_commit(lambda: _forget_login(instance.pk))
        return
    forget_users([instance.pk])


def _on_groups_change(instance=None, action="", reverse=False, pk_set=None, **kw):
    """`user.groups` changed (forward) or `group.user_set` changed (reverse)."""
    if not reverse:
        if action.startswith("post_"):
            forget_users([instance.pk])
    elif action in ("post_add", "post_remove"):
        forget_users(pk_set or [])
    elif action == "pre_clear":
        forget_users(list(instance.user_set.values_list("pk", flat=True)))


def _on_authenticator_change(instance=None, **kwargs) -> None:
    """A second factor enrolled or removed."""
    forget_users([instance.user_id])


def _on_school_change(instance=None, **kwargs) -> None:
    """A school renamed or deleted: its users carry it."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(school_id=instance.pk)
    forget_users(list(users.values_list("pk", flat=True)))


def _on_group_change(instance=None, **kwargs) -> None:
    """A group renamed or deleted: its members' role names change."""
    forget_users(list(instance.user_set.values_list("pk", flat=True)))


def connect_signals() -> None:
    """Called once from `AccountsConfig.ready()`."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

    from portal.schools.models import School

    request_started.connect(drop_handed, dispatch_uid="user-cache-handed-start")
    request_finished.connect(drop_handed, dispatch_uid="user-cache-handed-end")
    user_model = get_user_model()
    post_save.connect(_on_user_change, sender=user_model, dispatch_uid="user-cache-s")
    post_delete.connect(_on_user_change, sender=user_model, dispatch_uid="user-cache-d")
    m2m_changed.connect(
        _on_groups_change, sender=user_model.groups.through, dispatch_uid="user-cache-g"
    )
    post_save.connect(_on_group_change, sender=Group, dispatch_uid="user-cache-gs")
    pre_delete.connect(_on_group_change, sender=Group, dispatch_uid="user-cache-gd")
    on_save_or_delete(_on_authenticator_change, Authenticator, uid="user-cache")
    post_save.connect(_on_school_change, sender=School, dispatch_uid="user-cache-ss")
    pre_delete.connect(_on_school_change, sender=School, dispatch_uid="user-cache-sd")
