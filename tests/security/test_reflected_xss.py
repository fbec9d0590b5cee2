"""Reflected XSS: payloads in query strings and paths are never echoed live."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse

from tests.security.payloads import PAYLOADS, assert_inert

pytestmark = pytest.mark.django_db

#: One of each family: script, handler, js: link, entities, breakouts, broken markup.
SAMPLE = [PAYLOADS[i] for i in (0, 1, 4, 6, 11, 13, 15, 21)]


def _pages(world) -> dict[str, tuple[str, str, list[str]]]:
    """label -> (role, path, query parameters that take the payload)."""
    school = world.school.school_number
    return {
        "catalogue": (
            "anonymous",
            world.course.get_parent().url,
            ["q", "topic", "level", "audience", "month", "page"],
        ),
        "certificate check": (
            "anonymous",
            reverse("courses:verify_certificate"),
            ["code"],
        ),
        "help search": ("anonymous", reverse("support:help_search"), ["q"]),
        "help suggestions": (
            "anonymous",
            reverse("support:help_suggestions"),
            ["category"],
        ),
        "login": ("anonymous", reverse("account_login"), ["next"]),
        "ticket form": (
            "teacher",
            reverse("support:report"),
            ["serial", "subject", "category", "description"],
        ),
        "ticket list": ("coordinator", reverse("support:tickets"), ["show", "page"]),
        "school devices": (
            "coordinator",
            reverse("support:school_devices", args=[school]),
            ["q", "status", "purpose", "page"],
        ),
        "queue": ("agent", reverse("support:queue"), ["q", "status", "school", "sort"]),
        "my courses": ("teacher", reverse("courses:my_courses"), ["tab"]),
    }


def test_query_parameters_are_never_echoed_live(world, clients):
    for label, (role, path, params) in _pages(world).items():
        for payload in SAMPLE:
            url = f"{path}?{urlencode(dict.fromkeys(params, payload))}"
            response = clients[role].get(url)
            assert response.status_code in (200, 404), (
                f"{label}: {response.status_code}"
            )
            assert_inert(response.content.decode(), f"{label} {payload!r}")


def test_paths_are_never_echoed_live(clients):
    for payload in SAMPLE:
        response = clients["anonymous"].get("/" + quote(payload, safe="") + "/")
        assert response.status_code == 404
        assert_inert(response.content.decode(), f"404 page {payload!r}")


def test_login_next_can_not_carry_a_javascript_url(client, teacher):
    from tests.factories import TEST_PASSWORD

    response = client.post(
        reverse("account_login") + "?next=javascript:alert(1)",
        {"login": teacher.email, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert not response["Location"].lower().startswith("javascript")
