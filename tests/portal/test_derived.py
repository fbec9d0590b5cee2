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
