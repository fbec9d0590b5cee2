import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal import roles
from portal.accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_PASSWORD = "Sichere-Passphrase-2026"


def _signup(client, school, email="neu@schule.example"):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "Nina Neu",
            "email": email,
            "school": school.pk,
            "password1": SIGNUP_PASSWORD,
            "password2": SIGNUP_PASSWORD,
        },
    )


def test_signup_verify_login_profile_logout(client, school):
    response = _signup(client, school)
    assert response.status_code == 302
    user = User.objects.get(email="neu@schule.example")
    assert user.full_name == "Nina Neu"
    assert user.school == school
    assert roles.TEACHER in user.role_names
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    # Not verified yet: logging in sends to the verification notice, not in.
    client.logout()
    client.post(
        reverse("account_login"),
        {"login": "neu@schule.example", "password": SIGNUP_PASSWORD},
    )
    assert "_auth_user_id" not in client.session

    path = link.group(0).split("testserver", 1)[1]
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(email="neu@schule.example").verified

    response = client.post(
        reverse("account_login"),
        {"login": "neu@schule.example", "password": SIGNUP_PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200
    assert "Nina Neu" in profile.content.decode()

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_signup_requires_school(client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Nina",
            "email": "x@schule.example",
            "password1": SIGNUP_PASSWORD,
            "password2": SIGNUP_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="x@schule.example").exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_signup_domain_restriction(client, school, settings):
    settings.ACCOUNT_ALLOWED_EMAIL_DOMAINS = ["schulen.example"]
    response = _signup(client, school, email="privat@mail.example")
    assert response.status_code == 200
    assert "@schulen.example" in response.content.decode()
    assert not User.objects.filter(email="privat@mail.example").exists()
    assert _signup(client, school, email="ok@schulen.example").status_code == 302


def test_password_reset_gives_same_answer_for_unknown_email(client, teacher):
    known = client.post(reverse("account_reset_password"), {"email": teacher.email})
    unknown = client.post(
        reverse("account_reset_password"), {"email": "nobody@x.example"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # allauth mails an "unknown account" notice instead of revealing it on the page.
    assert len(mail.outbox) == 2
    assert "password/reset/key" in mail.outbox[0].body
    assert "password/reset/key" not in mail.outbox[1].body


def test_signup_with_existing_email_does_not_reveal_account(client, teacher, school):
    response = _signup(client, school, email=teacher.email)
    fresh = _signup(client, school, email="fresh@schule.example")
    assert response.status_code == fresh.status_code == 302
    assert response.url == fresh.url


def test_rate_limit_stops_repeated_failed_logins(client, teacher):
    for _ in range(6):
        response = client.post(
            reverse("account_login"), {"login": teacher.email, "password": "wrong"}
        )
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    # Even the right password is refused while the limit holds.
    response = client.post(
        reverse("account_login"), {"login": teacher.email, "password": TEST_PASSWORD}
    )
    assert "_auth_user_id" not in client.session


def test_account_deletion_anonymises_and_keeps_the_row(client, teacher):
    client.force_login(teacher)
    wrong = client.post(reverse("accounts:delete"), {"password": "falsch"})
    assert wrong.status_code == 200
    assert "nicht korrekt" in wrong.content.decode()
    response = client.post(reverse("accounts:delete"), {"password": TEST_PASSWORD})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.is_anonymised and not teacher.is_active
    assert teacher.full_name == ""
    assert "lea@" not in teacher.email
    assert str(teacher) in {"gelöschte Person", "deleted user"}
    assert not teacher.has_usable_password()
    assert not EmailAddress.objects.filter(user=teacher).exists()
    assert teacher.groups.count() == 0
    assert "_auth_user_id" not in client.session


def test_account_deletion_ends_sessions_on_other_devices(client, teacher):
    from django.test import Client

    other_device = Client()
    other_device.force_login(teacher)
    assert other_device.get(reverse("accounts:profile")).status_code == 200
    client.force_login(teacher)
    client.post(reverse("accounts:delete"), {"password": TEST_PASSWORD})
    assert other_device.get(reverse("accounts:profile")).status_code == 302


def test_profile_saves_language_and_name(client, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Lea Neuname",
            "school": teacher.school_id,
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.full_name == "Lea Neuname"
    assert teacher.preferred_language == "en"
    assert 'lang="en"' in client.get("/").content.decode()


def test_coordinator_can_not_move_herself_to_another_school(
    client, coordinator, other_school
):
    client.force_login(coordinator)
    client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Kira",
            "school": other_school.pk,
            "preferred_language": "de",
        },
    )
    coordinator.refresh_from_db()
    assert coordinator.school != other_school


def test_iserv_user_can_not_change_her_school(client, teacher, other_school):
    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.create(user=teacher, provider="iserv-100001", uid="lea")
    client.force_login(teacher)
    client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Lea",
            "school": other_school.pk,
            "preferred_language": "de",
        },
    )
    teacher.refresh_from_db()
    assert teacher.school != other_school


def test_teacher_without_iserv_may_change_her_school(client, teacher, other_school):
    client.force_login(teacher)
    client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Lea",
            "school": other_school.pk,
            "preferred_language": "de",
        },
    )
    teacher.refresh_from_db()
    assert teacher.school == other_school


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_email_is_case_insensitive_for_login(client):
    user = UserFactory(email="case@schule.example")
    response = client.post(
        reverse("account_login"),
        {"login": "CASE@Schule.example", "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
