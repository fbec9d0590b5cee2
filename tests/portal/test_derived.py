"""Derived figures: computed once, recomputed after a change commits, and never an
error page when the cache server is away."""

from unittest import mock

import pytest

from portal.derived import Derived


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"n": self.calls}


@pytest.mark.django_db
def test_computed_once_until_forgotten(django_capture_on_commit_callbacks):
    compute = Counter()
    figures = Derived("test:figures", compute)
    assert figures.get() == {"n": 1}
    assert figures.get() == {"n": 1}
    with django_capture_on_commit_callbacks(execute=True):
        figures.forget()
    assert figures.get() == {"n": 2}
    assert compute.calls == 2


@pytest.mark.django_db
def test_forgetting_waits_for_the_commit(django_capture_on_commit_callbacks):
    figures = Derived("test:rolled-back", Counter())
    figures.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        figures.forget()
    assert figures.get() == {"n": 1}  # not committed (yet): the old figures
    assert len(callbacks) == 1


class Unreachable:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache server down")

        return fail


@pytest.mark.django_db
def test_cache_outage_computes_instead_of_failing(django_capture_on_commit_callbacks):
    compute = Counter()
    figures = Derived("test:outage", compute)
    with mock.patch("portal.derived.cache", Unreachable()):
        assert figures.get() == {"n": 1}
        assert figures.get() == {"n": 2}
        with django_capture_on_commit_callbacks(execute=True):
            figures.forget()  # logged, not raised


@pytest.mark.django_db
def test_a_value_computed_under_an_old_version_is_not_returned(
    django_capture_on_commit_callbacks,
):
    """A slow request read version 1, the rows changed (version 2) and it then
    stored what it had computed: readers compute again instead of showing it."""
    compute = Counter()
    figures = Derived("test:late-writer", compute)
    generation = figures.generation
    old_version = generation.version()
    with django_capture_on_commit_callbacks(execute=True):
        figures.forget()
    from django.core.cache import cache

    cache.set(f"derived:{generation.name}:value:value", ((old_version,), {"n": 99}))
    assert figures.get() == {"n": 1}
    assert figures.get() == {"n": 1}
    assert compute.calls == 1


@pytest.mark.django_db
def test_a_kept_value_costs_one_round_trip():
    """Version and value in one `get_many` (one MGET on Redis)."""
    figures = Derived("test:round-trips", Counter())
    figures.get()
    from django.core.cache import cache

    with (
        mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many,
        mock.patch.object(figures.generation, "version") as version,
    ):
        assert figures.get() == {"n": 1}
    assert get_many.call_count == 1
    version.assert_not_called()


@pytest.mark.django_db
def test_a_value_kept_across_generations_is_drawn_again_when_either_changes(
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache

    from portal.derived import Generation, cached_across

    compute = Counter()
    rows, names = Generation("test:rows"), Generation("test:names")
    assert cached_across([rows, names], "k", compute) == {"n": 1}
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        assert cached_across([rows, names], "k", compute) == {"n": 1}
    assert get_many.call_count == 1
    for generation in (rows, names):
        with django_capture_on_commit_callbacks(execute=True):
            generation.forget()
        cached_across([rows, names], "k", compute)
    assert compute.calls == 3


@pytest.mark.django_db
def test_forgetting_many_generations_is_one_round_trip_after_commit(
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache

    from portal.derived import Generation, cached_across, forget_all

    compute = Counter()
    tickets = [Generation(f"test:ticket:{n}", timeout=60) for n in range(3)]
    for generation in tickets:
        cached_across([generation], "k", compute)
    with mock.patch.object(cache, "set_many", wraps=cache.set_many) as set_many:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            forget_all([*tickets, tickets[0]])
        assert set_many.call_count == 0  # nothing before the commit
        for callback in callbacks:
            callback()
    assert set_many.call_count == 1
    assert set(set_many.call_args.args[0]) == {g.version_key for g in tickets}
    for generation in tickets:
        cached_across([generation], "k", compute)
    assert compute.calls == 6


@pytest.mark.django_db
def test_everything_forgotten_in_one_transaction_is_renewed_together(
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache

    from portal.derived import Generation, forget_all

    counts, lists = Generation("test:counts", timeout=300), Generation("test:lists")
    threads = [Generation(f"test:thread:{n}", timeout=300) for n in range(2)]
    before = cache.get_many([g.version_key for g in (counts, lists, *threads)])
    with mock.patch.object(cache, "set_many", wraps=cache.set_many) as set_many:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            counts.forget()
            lists.forget()
            forget_all(threads)
            counts.forget()
    assert len(callbacks) == 4  # the first renews for all of them
    assert set_many.call_count == 1
    renewed = set(set_many.call_args.args[0])
    assert renewed == {g.version_key for g in (counts, lists, *threads)}
    assert set_many.call_args.args[1] == 300  # the shortest timeout
    after = cache.get_many(list(renewed))
    assert all(after[key] != before.get(key) for key in renewed)


@pytest.mark.django_db
def test_a_forgetting_rolled_back_with_its_savepoint_leaves_the_others(
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache
    from django.db import transaction

    from portal.derived import Generation

    dropped, kept = Generation("test:dropped"), Generation("test:kept")
    before = cache.get_many([dropped.version_key, kept.version_key])
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                dropped.forget()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        kept.forget()
    after = cache.get_many([dropped.version_key, kept.version_key])
    assert after.get(dropped.version_key) == before.get(dropped.version_key)
    assert after[kept.version_key] != before.get(kept.version_key)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_forgetting_renews_at_once():
    from django.core.cache import cache

    from portal.derived import Generation

    generation = Generation("test:autocommit")
    before = generation.version()
    generation.forget()
    assert cache.get(generation.version_key) != before


@pytest.mark.django_db(transaction=True)
def test_a_renewal_never_takes_along_another_transactions():
    """A commit callback that runs first opens a transaction of its own, which
    forgets and is rolled back: the committed transaction's renewal, running
    next, must not renew what the rolled-back one forgot."""
    from django.core.cache import cache
    from django.db import transaction

    from portal.derived import Generation

    committed, rolled_back = Generation("test:committed"), Generation("test:other")
    before = {g: g.version() for g in (committed, rolled_back)}

    def another_transaction():
        try:
            with transaction.atomic():
                rolled_back.forget()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    with transaction.atomic():
        transaction.on_commit(another_transaction)
        committed.forget()
    assert cache.get(committed.version_key) != before[committed]
    assert cache.get(rolled_back.version_key) == before[rolled_back]


@pytest.mark.django_db
def test_values_read_together_cost_one_round_trip(django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from portal.derived import Generation, cached_across, read_together

    counts, names = Generation("test:together-a"), Generation("test:together-b")
    first, second = Counter(), Counter()
    cached_across([counts], "x", first)
    cached_across([counts, names], "y", second)
    kept = [([counts], "x"), ([counts, names], "y")]
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        with read_together(kept):
            assert cached_across([counts], "x", first) == {"n": 1}
            assert cached_across([counts, names], "y", second) == {"n": 1}
    assert get_many.call_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        names.forget()
    with read_together(kept):  # read once more: "y" is out of date
        assert cached_across([counts], "x", first) == {"n": 1}
        assert cached_across([counts, names], "y", second) == {"n": 2}
        assert cached_across([counts, names], "y", second) == {"n": 2}
    assert second.calls == 2  # computed inside the block once, then found


@pytest.mark.django_db
def test_reading_together_while_the_cache_is_away_computes():
    from portal.derived import Generation, cached_across, read_together

    compute = Counter()
    generation = Generation("test:together-outage")
    with mock.patch("portal.derived.cache", Unreachable()):
        with read_together([([generation], "k")]):
            assert cached_across([generation], "k", compute) == {"n": 1}


@pytest.mark.django_db
def test_a_lenient_generation_is_looked_at_again_after_its_seconds(
    django_capture_on_commit_callbacks,
):
    from portal import derived
    from portal.derived import Generation, cached_across

    compute = Counter()
    strict, lenient = Generation("test:strict"), Generation("test:lenient")

    def read(now):
        with mock.patch.object(derived, "_now", return_value=now):
            return cached_across(
                [strict, lenient], "v", compute, lenient=(lenient, 1.0)
            )

    assert read(100.0) == {"n": 1}
    with django_capture_on_commit_callbacks(execute=True):
        lenient.forget()
    assert read(100.9) == {"n": 1}  # within the second: kept
    assert read(101.2) == {"n": 2}  # after it: computed again
    with django_capture_on_commit_callbacks(execute=True):
        lenient.forget()
        strict.forget()
    assert read(101.3) == {"n": 3}  # another generation changed: at once
    with django_capture_on_commit_callbacks(execute=True):
        lenient.forget()
    assert read(99.0) == {"n": 4}  # a clock behind the stamp trusts nothing
