"""Two real OpenID Connect providers (two schools' iServ) and their portal setup."""

from __future__ import annotations

import pytest

from tests.sso.people import USERS_A, USERS_B, add_users
from tests.sso.provider.process import run_provider
from tests.sso.schools import connect_school


@pytest.fixture(scope="session")
def iserv_a():
    with run_provider(title="iServ Grundschule Am Park", path="/iserv") as provider:
        add_users(provider, USERS_A)
        yield provider


@pytest.fixture(scope="session")
def iserv_b():
    with run_provider(title="iServ Gymnasium Nord", path="/iserv/oidc") as provider:
        add_users(provider, USERS_B)
        yield provider


@pytest.fixture(autouse=True)
def _well_behaved(request):
    """Every test starts with providers that do not misbehave."""
    yield
    for name in ("iserv_a", "iserv_b"):
        if name in request.fixturenames:
            request.getfixturevalue(name).set_modes()


@pytest.fixture
def connection_a(school, iserv_a):
    return connect_school(
        iserv_a, school, client_id="portal-park", base_url="http://testserver"
    )


@pytest.fixture
def connection_b(other_school, iserv_b):
    return connect_school(
        iserv_b, other_school, client_id="portal-nord", base_url="http://testserver"
    )
