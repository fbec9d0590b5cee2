"""CSRF: every URL of the matrix refuses a POST without a token.

Django's CsrfViewMiddleware guards every view unless it is marked csrf_exempt; this
test finds such a view (or a misconfigured middleware) among the portal's URLs.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.matrix import CMS_VIEWSETS, MATRIX
from tests.security.probe import case_url, matches, send
from tests.security.test_permission_matrix import _cms_kwargs, cms_routes

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def _allowed_role(case) -> str:
    """The role the matrix lets through (so a refusal is the CSRF check's)."""
    for role, expected in case.expect.items():
        if expected in (200, 302, 400):
            return role
    return "admin"


def test_every_portal_url_refuses_a_post_without_csrf_token(world):
    clients = {role: _client(user) for role, user in world.users.items()}
    problems = []
    for name, cases in MATRIX.items():
        for case in cases:
            role = _allowed_role(case)
            client = clients[role]
            url = case_url(name, case, world)
            response = send(client, "post", url, case.data(world))
            if response.status_code != 403:
                problems.append(f"POST {url} as {role}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_every_cms_viewset_url_refuses_a_post_without_csrf_token(world):
    client = _client(world.users["admin"])
    problems = []
    for route in cms_routes():
        viewset = CMS_VIEWSETS.get(route.namespace)
        if viewset is None:
            continue
        url = reverse(route.name, kwargs=_cms_kwargs(route, viewset, world))
        response = client.post(url, {})
        if response.status_code != 403:
            problems.append(f"POST {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_post_cases_pass_with_the_token(world):
    """The refusal above is the CSRF check: with the token the same POSTs work."""
    clients = {role: _client(user) for role, user in world.users.items()}
    tokens = {}
    problems = []
    for name, cases in MATRIX.items():
        for case in (c for c in cases if c.method == "post"):
            role = _allowed_role(case)
            client = clients[role]
            if role not in tokens:
                client.get("/")
                tokens[role] = client.cookies["csrftoken"].value
            token = tokens[role]
            url = case_url(name, case, world)
            data = {**case.data(world), "csrfmiddlewaretoken": token}
            response = send(client, "post", url, data)
            if not matches(case.expect[role], response):
                problems.append(f"POST {url} as {role}: {response.status_code}")
    assert not problems, "\n".join(problems)
