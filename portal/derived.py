"""Figures derived from many rows, kept in the shared cache until the rows change.

A `Derived` value is stored with the version it was computed under. Whoever
changes the underlying rows calls `forget()`; after the transaction commits a
new version is drawn, so every server computes the figures once more. A value
stored with an old version is never returned again: no race can keep a stale
figure alive. When the cache server is unreachable the figures are
computed on every request: slower, never wrong, never an error page.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
logger = logging.getLogger(__name__)


class Generation:
    """The current version of some rows. Figures cached under it are found
    until `forget()` draws a new version after the transaction commits."""

    def __init__(self, name: str, *, timeout: int | None = None):
        """`timeout`: how long an unchanged version is kept (None: until the
        cache server drops it). A version that is gone is drawn anew, which
        only makes the values under it computed once more."""
        self.name = name
        self.timeout = timeout

    @property
    def version_key(self) -> str:
        """Where the current version is kept (for reading several at once)."""
        return f"derived:{self.name}:version"

    def version(self) -> str:
        """The current version (drawn on first use)."""
        version = cache.get(self.version_key)
        if version is None:
            cache.add(self.version_key, uuid.uuid4().hex, timeout=self.timeout)
            version = cache.get(self.version_key)
        return str(version)

    def key(self, key: str) -> str:
        """The cache key of `key` under the current version."""
        return self.key_under(self.version(), key)

    def key_under(self, version: str, key: str) -> str:
        """The cache key of `key` under `version`."""
        return f"derived:{self.name}:{version}:{key}"

    def cached(self, key: str, compute: Callable[[], T], timeout: int = 3600) -> T:
        """`compute()`, kept until the version changes (`cached_across`)."""
        return cached_across([self], key, compute, timeout)

    def kept(self, key: str) -> tuple[list[Generation], str]:
        """What `cached(key, …)` reads, for `read_together`."""
        return [self], key

    def forget(self, **_signal_kwargs) -> None:
        """The rows changed: recompute after the current transaction commits.
        Takes a signal's arguments, so it can be connected to one directly."""
        forget_all([self])


def forget_all(generations) -> None:
    """`forget()` each of `generations` after the transaction commits. All that
    one transaction forgets is renewed together, with one round trip: filing a
    ticket renews its counts, its school's lists and its thread at once, not
    one after the other."""
    renewal = _Renewal(generations)
    if not renewal.keys:
        return
    connection = transaction.get_connection()
    # The list of this transaction's commit callbacks tells transactions apart:
    # Django starts a new one after every commit, rollback and rolled-back
    # savepoint.
    callbacks = connection.run_on_commit
    known = getattr(connection, "_derived_renewals", None)
    if known is None or known[0] is not callbacks:
        known = connection._derived_renewals = (callbacks, [])
    renewal.siblings = known[1]
    renewal.siblings.append(renewal)
    transaction.on_commit(renewal)


class _Renewal:
    """Versions to draw anew once a transaction commits.

    Each `forget_all` registers its own callback; the first of a transaction
    to run renews what it and all renewals registered after it in that
    transaction hold, and those find themselves done (never one registered
    before it, which a test that runs only the callbacks of one step did not
    mean to run). One forgotten inside a savepoint that was rolled back is then
    renewed too, which only makes its values computed once more; a renewal of
    another transaction is never taken along.

    The new versions are kept as long as the shortest timeout among them: a
    version that would have been kept for good (`timeout` None) is then drawn
    anew after that time without a change, which only makes its values
    computed once more."""

    def __init__(self, generations):
        self.keys: dict[str, int | None] = {}
        for generation in generations:
            self.keys[generation.version_key] = generation.timeout
        self.done = False
        self.siblings: list[_Renewal] = [self]

    def __call__(self) -> None:
        keys: dict[str, int | None] = {}
        start = next(n for n, r in enumerate(self.siblings) if r is self)
        for renewal in self.siblings[start:]:
            if not renewal.done:
                renewal.done = True
                keys.update(renewal.keys)
        if not keys:
            return
        timeouts = [timeout for timeout in keys.values() if timeout is not None]
        try:
            cache.set_many(
                {key: uuid.uuid4().hex for key in keys},
                min(timeouts) if timeouts else None,
            )
        except Exception:  # noqa: BLE001 - nothing stored, nothing stale
            logger.warning("Cache unreachable: %s not invalidated", list(keys))


#: What `read_together` read in one round trip, for the `cached_across` calls
#: inside its block: the keys asked for, and what the cache had of them.
_READ: ContextVar[tuple[set[str], dict] | None] = ContextVar(
    "portal_derived_read", default=None
)


def _value_key(generations: Sequence[Generation], key: str) -> str:
    names = "+".join(generation.name for generation in generations)
    return f"derived:{names}:value:{key}"


@contextmanager
def read_together(kept: Iterable[tuple[Sequence[Generation], str]]):
    """Read the versions and values of several `cached_across(generations, key)`
    of one page with one `get_many`: the calls inside the block for any of
    these `(generations, key)` pairs use what was read instead of asking the
    cache server each. A value computed inside the block is stored as usual."""
    keys: list[str] = []
    for generations, key in kept:
        keys += [generation.version_key for generation in generations]
        keys.append(_value_key(generations, key))
    try:
        found = cache.get_many(keys)
    except Exception:  # noqa: BLE001 - every call asks (and copes) on its own
        logger.warning("Cache unreachable: reading %d keys one by one", len(keys))
        yield
        return
    token = _READ.set((set(keys), found))
    try:
        yield
    finally:
        _READ.reset(token)


def cached_across(
    generations: Sequence[Generation],
    key: str,
    compute: Callable[[], T],
    timeout: int = 3600,
    *,
    lenient: tuple[Generation, float] | None = None,
) -> T:
    """`compute()`, kept until the version of any of `generations` changes.
    One round trip to the cache server when kept (none inside `read_together`
    for it): the value is stored under a key without the versions, together
    with the versions it was computed under, and read with the current
    versions in one `get_many`. A value computed under an older version is
    never returned (a slow request that stores it late only makes the next
    reader compute again).

    `lenient`: one of `generations` and a number of seconds. A value computed
    less than that long ago is still returned after a new version of that one
    generation (but of no other): a storm of changes of that kind computes
    the value once in that time, not once per change."""
    value_key = _value_key(generations, key)
    wanted = [*(generation.version_key for generation in generations), value_key]
    read = _READ.get()
    try:
        if read is not None and read[0].issuperset(wanted):
            found = read[1]
        else:
            found = cache.get_many(wanted)
        versions = tuple(
            str(found.get(generation.version_key) or generation.version())
            for generation in generations
        )
    except Exception:  # noqa: BLE001 - any backend's connection error
        logger.warning("Cache unreachable: computing %s", value_key)
        return compute()
    stored = found.get(value_key)
    if stored is not None and (
        stored[0] == versions or _still_lenient(stored, versions, generations, lenient)
    ):
        return stored[1]
    value = compute()
    entry = (versions, value, _now())
    if read is not None and value_key in read[0]:
        read[1][value_key] = entry  # found by a second call
    try:
        cache.set(value_key, entry, timeout)
    except Exception:  # noqa: BLE001 - see above
        logger.warning("Cache unreachable: %s not stored", value_key)
    return value


def _now() -> float:
    """The time values are stamped with (the same on every server, within NTP)."""
    return time.time()


def _still_lenient(stored, versions, generations, lenient) -> bool:
    """Whether `stored` (versions, value, computed at) differs from the current
    `versions` only in the lenient generation, and is young enough."""
    if lenient is None or len(stored) < 3:
        return False
    generation, seconds = lenient
    if not 0 <= _now() - stored[2] < seconds:
        return False
    return all(
        old == new
        for old, new, candidate in zip(stored[0], versions, generations, strict=True)
        if candidate is not generation
    )


def on_save_or_delete(receiver, *senders, uid: str) -> None:
    """Connect `receiver` (a `Generation.forget`, say) to the `post_save` and
    `post_delete` signals of every model in `senders`."""
    from django.db.models.signals import post_delete, post_save

    for sender in senders:
        for signal, kind in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                receiver,
                sender=sender,
                dispatch_uid=f"{uid}:{sender._meta.label}:{kind}",
            )


def all_current(checks) -> bool:
    """Are these `(generation name, key, full key)` still what `Generation(name)
    .key(key)` gives? One round trip for all of them; a version that is not
    there (never drawn, or evicted) makes its keys not current."""
    checks = list(checks)
    if not checks:
        return True
    generations = {name: Generation(name) for name, _key, _full in checks}
    versions = cache.get_many([g.version_key for g in generations.values()])
    for name, key, full_key in checks:
        generation = generations[name]
        version = versions.get(generation.version_key)
        if version is None or generation.key_under(str(version), key) != full_key:
            return False
    return True


class Derived(Generic[T]):
    """One figure of a `Generation`: `get()` computes it at most once per version."""

    def __init__(self, name: str, compute: Callable[[], T], *, timeout: int = 3600):
        self.generation = Generation(name)
        self.compute = compute
        self.timeout = timeout

    def get(self) -> T:
        return self.generation.cached("value", self.compute, self.timeout)

    def kept(self) -> tuple[list[Generation], str]:
        """What `get()` reads, for `read_together`."""
        return self.generation.kept("value")

    def forget(self) -> None:
        self.generation.forget()
