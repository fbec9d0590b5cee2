"""Sessions as Django's `cached_db` keeps them, read with their user in one round trip.

A logged-in request reads two entries from the shared cache, one after the
other: its session, then the user the session names (`portal.accounts.user_cache`).
Each round trip to Redis costs a gunicorn worker about a tenth of a millisecond
of CPU, a few per cent of a page. The user a session names does not change while
its key stays the same (Django gives the session a new key at login and logout),
so each process remembers, for the sessions it served, which user each one names.
When it knows, the session and that user's entry are read together with one
`get_many`, and the user's entry is handed to `user_cache.get_user` for this
request only.

Nothing rests on the remembered guess: the entry is used only for the user id
the session just read names, it is read at the same moment as the session (as
fresh as a read of its own would have been), and it is dropped when the request
ends. A missing session, another cache for sessions, or a cache error leaves
everything to Django's `cached_db` store.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import DEFAULT_CACHE_ALIAS

from portal.accounts import user_cache

logger = logging.getLogger(__name__)

#: Sessions remembered per process at most (the older half goes when it is full).
LIMIT = 20_000

_user_of_session: dict[str, str] = {}


def _remember(session_key: str | None, user_id) -> None:
    if not session_key:
        return
    if user_id is None:
        _user_of_session.pop(session_key, None)
        return
    if session_key not in _user_of_session and len(_user_of_session) >= LIMIT:
        for old in list(_user_of_session)[: LIMIT // 2]:
            _user_of_session.pop(old, None)  # another thread may have taken it
    _user_of_session[session_key] = str(user_id)


def forget_all() -> None:
    """Drop what this process remembers (tests)."""
    _user_of_session.clear()


class SessionStore(CachedDBStore):
    def load(self):
        session_key = self.session_key  # Django drops it when the session is gone
        user_id = _user_of_session.get(session_key or "")
        if user_id is None or settings.SESSION_CACHE_ALIAS != DEFAULT_CACHE_ALIAS:
            data = super().load()
        else:
            data = self._load_with_user(user_id)
        _remember(session_key, data.get(SESSION_KEY))
        return data

    def _load_with_user(self, user_id: str) -> dict:
        user_key = user_cache.cache_key(user_id)
        try:
            found = self._cache.get_many([self.cache_key, user_key])
        except Exception:  # noqa: BLE001 - as cached_db: the database decides
            logger.warning("Cache unreachable: session read from the database")
            found = {}
        data = found.get(self.cache_key)
        if data is None:  # not cached (or gone): Django's way, database included
            return super().load()
        if str(data.get(SESSION_KEY)) == user_id:
            user_cache.hand_over(user_id, found.get(user_key))
        return data
