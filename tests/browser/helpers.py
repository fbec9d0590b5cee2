"""Helpers of the journey and page-type tests (the shared ones are in conftest)."""

from __future__ import annotations

from django.test import Client


def log_in_as(page, user, base_url: str) -> None:
    """Give the page's browser `user`'s session (the login form is tested elsewhere).

    Staff users have TOTP enrolled, so the CMS lets them in; the MFA login itself is
    walked in test_trainer_journey.
    """
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": base_url,
            }
        ]
    )
