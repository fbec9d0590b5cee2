"""The cast of every test: one person per role, and a second school to be kept out."""

import pytest

from portal import roles
from tests.factories import SchoolFactory, UserFactory, staff_user


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def school(db):
    return SchoolFactory(name="Grundschule Am Park", school_number="100001")


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="Gymnasium Nord", school_number="100002")


@pytest.fixture
def teacher(school):
    return UserFactory(
        full_name="Lea Lehrerin", email="lea@schule.example", school=school
    )


@pytest.fixture
def colleague(school):
    """Another teacher of the same school."""
    return UserFactory(
        full_name="Carl Kollege", email="carl@schule.example", school=school
    )


@pytest.fixture
def other_school_teacher(other_school):
    return UserFactory(
        full_name="Olaf Anders", email="olaf@nord.example", school=other_school
    )


@pytest.fixture
def coordinator(school):
    return UserFactory(
        full_name="Kira Koordinatorin",
        email="kira@schule.example",
        school=school,
        roles=[roles.TEACHER, roles.COORDINATOR],
    )


@pytest.fixture
def other_school_coordinator(other_school):
    return UserFactory(
        full_name="Nora Nord",
        email="nora@nord.example",
        school=other_school,
        roles=[roles.TEACHER, roles.COORDINATOR],
    )


@pytest.fixture
def trainer(db):
    return staff_user(
        roles.TRAINER, full_name="Tara Trainerin", email="tara@it.example"
    )


@pytest.fixture
def other_trainer(db):
    return staff_user(roles.TRAINER, full_name="Ole Trainer", email="ole@it.example")


@pytest.fixture
def agent(db):
    return staff_user(roles.AGENT, full_name="Anton Agent", email="anton@it.example")


@pytest.fixture
def admin(db):
    return staff_user(
        roles.ADMINISTRATOR,
        full_name="Ada Admin",
        email="ada@it.example",
        is_superuser=True,
        is_staff=True,
    )
