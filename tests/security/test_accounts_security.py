"""Log-in, sessions and account pages against an attacker (allauth's own pages).

The basic journeys (sign-up, reset, rate limit per account) are in
tests/portal/test_accounts.py; these are the attacks around them.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from portal import roles
from tests.factories import TEST_PASSWORD, UserFactory
from tests.security.probe import is_login_redirect

pytestmark = pytest.mark.django_db

LOGIN = "account_login"


def _login(client, email: str, password: str):
    return client.post(reverse(LOGIN), {"login": email, "password": password})


def _page(response, email: str) -> str:
    """The page with the echoed e-mail and the per-request tokens blanked out."""
    html = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'(name="csrfmiddlewaretoken" value=)"[^"]+"', r"\1", html)


def test_login_with_unknown_email_looks_like_a_wrong_password(client, teacher):
    unknown_email = "niemand@schule.example"
    known = _login(client, teacher.email, "falsches-passwort")
    unknown = _login(client, unknown_email, "falsches-passwort")
    assert known.status_code == unknown.status_code == 200
    assert _page(known, teacher.email) == _page(unknown, unknown_email)


def test_password_spraying_from_one_address_is_stopped(client, school):
    """Many accounts, one wrong password each: the per-IP limit applies."""
    victims = [UserFactory(school=school) for _ in range(11)]
    for user in victims[:10]:
        _login(client, user.email, "Sommer2026!")
    _login(client, victims[10].email, TEST_PASSWORD)
    assert "_auth_user_id" not in client.session


def test_password_reset_is_rate_limited_per_address(client, teacher):
    for _ in range(8):
        client.post(reverse("account_reset_password"), {"email": teacher.email})
    assert len(mail.outbox) <= 5


def test_session_cookie_is_httponly_after_login(client, teacher):
    response = _login(client, teacher.email, TEST_PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"].lower() in {"lax", "strict"}


def test_csrf_cookie_is_not_sent_with_cross_site_posts(client):
    response = client.get(reverse(LOGIN))
    assert response.cookies["csrftoken"]["samesite"].lower() in {"lax", "strict"}


@pytest.mark.parametrize("role", [roles.TRAINER, roles.AGENT, roles.ADMINISTRATOR])
def test_staff_without_mfa_is_kept_out_of_the_cms(client, role):
    user = UserFactory(school=None, roles=[role])
    client.force_login(user)
    for url in ("/cms/", "/cms/pages/", "/cms/schools/", "/cms/documents/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url


def test_superuser_without_mfa_is_kept_out_of_the_cms(client):
    user = UserFactory(school=None, roles=[], is_superuser=True, is_staff=True)
    client.force_login(user)
    response = client.get("/cms/")
    assert response["Location"] == reverse("mfa_activate_totp")


def test_password_alone_does_not_open_the_cms_for_staff_with_mfa(client, admin):
    response = _login(client, admin.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    assert "_auth_user_id" not in client.session
    assert client.get("/cms/").status_code == 302


def test_wagtail_frontend_login_can_not_bypass_mfa_and_rate_limit(client, admin):
    """Wagtail's own /_util/login/ would log staff in with the password alone."""
    client.post(
        reverse("wagtailcore_login"),
        {"username": admin.email, "password": TEST_PASSWORD},
    )
    assert "_auth_user_id" not in client.session
    assert client.get("/cms/").status_code == 302


def test_teacher_can_not_open_the_cms(client, teacher):
    client.force_login(teacher)
    response = client.get("/cms/")
    assert is_login_redirect(response), response.get("Location")
    assert client.get("/cms/pages/").status_code == 302


def test_open_redirect_after_login_is_refused(client, teacher):
    response = client.post(
        reverse(LOGIN) + "?next=https://evil.example/",
        {"login": teacher.email, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_language_switch_does_not_redirect_off_site(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert "evil.example" not in response["Location"]


def test_password_reset_answers_the_same_for_known_and_unknown(client, teacher):
    url = reverse("account_reset_password")
    known = client.post(url, {"email": teacher.email}, follow=True)
    unknown = client.post(url, {"email": "niemand@schule.example"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert _page(known, teacher.email) == _page(unknown, "niemand@schule.example")


def test_sign_up_answers_the_same_for_known_and_unknown(client, teacher, school):
    def sign_up(email):
        return client.post(
            reverse("account_signup"),
            {
                "email": email,
                "password1": "Ein-gutes-Passwort-42",
                "password2": "Ein-gutes-Passwort-42",
                "full_name": "Neue Lehrerin",
                "school": school.pk,
            },
            follow=True,
        )

    known = sign_up(teacher.email)
    client.logout()
    unknown = sign_up("ganz-neu@schule.example")
    assert known.redirect_chain == unknown.redirect_chain
    assert _page(known, teacher.email) == _page(unknown, "ganz-neu@schule.example")


def test_queue_with_all_schools_data_needs_mfa_too(client):
    agent = UserFactory(school=None, roles=[roles.AGENT])
    client.force_login(agent)
    for name in ("support:queue", "support:queue_export", "support:reports"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("mfa_activate_totp"), name
