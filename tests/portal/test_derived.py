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
