"""Every URL of the portal, every role of the cast: the expected answer.

The list of URLs comes from the URL conf itself, so a new URL without an entry in
`tests/security/matrix.py` fails `test_every_url_has_a_matrix_entry`.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.security.expectations import ROLES
from tests.security.matrix import (
    CMS_NOT_PROBED,
    CMS_VIEWSETS,
    FOREIGN_URLCONFS,
    MATRIX,
    NOT_PROBED,
)
from tests.security.probe import CMS_HOME, describe, is_login_redirect, probe, send
from tests.security.urlconf import walk

pytestmark = pytest.mark.django_db


def _is_foreign(route) -> bool:
    return any(conf.startswith(FOREIGN_URLCONFS) for conf in route.urlconfs)


def portal_routes():
    """Routes outside the CMS that the portal serves (allauth's own excluded)."""
    return [r for r in walk() if not r.in_cms and not _is_foreign(r)]


def cms_routes():
    """Routes of the portal's own viewsets inside the Wagtail admin."""
    return [r for r in walk() if r.in_cms and r.is_project_view()]


def test_every_url_has_a_matrix_entry():
    keys = {route.key for route in portal_routes()}
    missing = sorted(keys - set(MATRIX) - set(NOT_PROBED))
    assert not missing, (
        "URL patterns without a permission matrix entry; add them to "
        f"tests/security/matrix.py: {missing}"
    )
    stale = sorted(set(MATRIX) - keys)
    assert not stale, f"matrix entries for URLs that no longer exist: {stale}"


def test_every_cms_viewset_of_the_portal_has_a_matrix_entry():
    namespaces = {route.namespace for route in cms_routes()}
    missing = sorted(namespaces - set(CMS_VIEWSETS) - set(CMS_NOT_PROBED))
    assert not missing, (
        "CMS viewsets of the portal without an entry in CMS_VIEWSETS; add them to "
        f"tests/security/matrix.py: {missing}"
    )


def test_every_case_names_every_role():
    for name, cases in MATRIX.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), name


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_role_as_the_matrix_says(name, world, clients):
    problems = []
    for case in MATRIX[name]:
        problems += probe(name, case, world, clients)
    assert not problems, "\n".join(problems)


def _cms_kwargs(route, viewset, world) -> dict | None:
    params = route.params
    kwargs = {k: v for k, v in viewset.kwargs(world).items() if k in params}
    if "pk" in params:
        kwargs["pk"] = viewset.obj(world).pk
    return kwargs if set(kwargs) == params else None


def _cms_denied(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and (
        is_login_redirect(response) or response["Location"] == CMS_HOME
    )


def _cms_allowed(response) -> bool:
    return response.status_code == 200 or (
        response.status_code == 302 and not _cms_denied(response)
    )


@pytest.mark.parametrize("namespace", sorted(CMS_VIEWSETS))
def test_cms_viewset_answers_each_role(namespace, world, clients):
    viewset = CMS_VIEWSETS[namespace]
    routes = [r for r in cms_routes() if r.namespace == namespace]
    assert routes, f"no routes in the CMS namespace {namespace}"
    problems = []
    for route in routes:
        entry = route.name.rsplit(":", 1)[-1] in viewset.entry_routes
        kwargs = _cms_kwargs(route, viewset, world)
        assert kwargs is not None, f"cannot fill the arguments of {route.route}"
        url = reverse(route.name, kwargs=kwargs)
        for role in ROLES:
            allowed = role in viewset.allowed or (
                role in viewset.listing_only and not route.params
            )
            response = send(clients[role], "get", url)
            if not allowed:
                ok = _cms_denied(response)
            elif entry:
                ok = _cms_allowed(response)
            else:
                ok = response.status_code < 500
            if not ok:
                wanted = "allowed" if allowed else "denied"
                problems.append(
                    f"GET {url} as {role}: {wanted}, got {describe(response)}"
                )
    assert not problems, "\n".join(problems)
