"""Send one request per role and compare the answers with the matrix."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from tests.security.expectations import DENIED, LOGIN, Case

CMS_HOME = "/cms/"


def login_urls() -> tuple[str, ...]:
    return (reverse("account_login"), "/cms/login/")


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(login_urls())


def matches(expected, response) -> bool:
    status = response.status_code
    if expected == LOGIN:
        return is_login_redirect(response)
    if expected == DENIED:
        return status in (403, 404)
    if expected == 302:
        return status == 302 and not is_login_redirect(response)
    return status == expected


def describe(response) -> str:
    text = str(response.status_code)
    if response.status_code in (301, 302):
        text += f" → {response['Location']}"
    return text


def send(client, method: str, url: str, data: dict | None = None):
    """One request whose side effects are rolled back, so roles do not interfere."""
    with transaction.atomic():
        if method == "post":
            response = client.post(url, data or {})
        else:
            response = client.get(url, data or {})
        transaction.set_rollback(True)
    return response


def case_url(name: str, case: Case, world) -> str:
    if "/" in name:  # an unnamed pattern, keyed by its route
        return "/" + name + case.query
    if case.args is not None:
        url = reverse(name, args=case.args(world))
    else:
        url = reverse(name, kwargs=case.kwargs(world))
    return url + case.query


def probe(name: str, case: Case, world, clients) -> list[str]:
    """Every role's answer that differs from the matrix, as readable lines."""
    url = case_url(name, case, world)
    problems = []
    for role, expected in case.expect.items():
        data = case.data(world) if case.method == "post" else None
        response = send(clients[role], case.method, url, data)
        if not matches(expected, response):
            problems.append(
                f"{case.method.upper()} {url} [{case.label or 'default'}] as {role}: "
                f"expected {expected}, got {describe(response)}"
            )
    return problems
