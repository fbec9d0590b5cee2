"""Fixtures of the course tests."""

import pytest

from tests.courses.factories import make_catalogue, make_course_page


@pytest.fixture
def catalogue(db):
    return make_catalogue()


@pytest.fixture
def own_course(catalogue, trainer):
    """A course on which the `trainer` of the cast is named."""
    return make_course_page(title="Keynote im Unterricht", trainers=[trainer])


@pytest.fixture
def foreign_course(catalogue, other_trainer):
    """A course of another trainer."""
    return make_course_page(
        title="iServ Kalender", topic="iserv", trainers=[other_trainer]
    )
