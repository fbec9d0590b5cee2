"""Drive the iServ login with Django's test client and the real provider over HTTP."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import requests
from django.urls import reverse

from tests.sso.people import PASSWORD


def start(client, connection, **extra):
    """Choose the school on the login page; returns the portal's response."""
    return client.post(reverse("sso:choose"), {"school": connection.school_id, **extra})


def authorize_url(response) -> str:
    """The iServ address of the hand-over page (the link its script follows)."""
    assert response.status_code == 200, response.content.decode()[:500]
    return response.context["authorize_url"]


def authenticate(authorize_url: str, username: str) -> str:
    """Log in at the provider like a browser; returns the callback URL it sends."""
    page = requests.get(authorize_url, timeout=5)
    assert page.status_code == 200, page.text
    params = dict(parse_qsl(urlsplit(authorize_url).query))
    post_to = authorize_url.split("?", 1)[0]
    answer = requests.post(
        post_to,
        data={**params, "username": username, "password": PASSWORD},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def follow_callback(client, callback_url: str):
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def iserv_login(client, connection, username: str, **extra):
    """The whole round trip; returns the portal's answer to the callback."""
    response = start(client, connection, **extra)
    return follow_callback(client, authenticate(authorize_url(response), username))


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")
