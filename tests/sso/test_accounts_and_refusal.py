"""Who gets in through iServ: refusals, unverified e-mail, linking by password."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from portal import roles
from portal.accounts.models import User
from tests.sso.flow import (
    authenticate,
    authorize_url,
    follow_callback,
    iserv_login,
    logged_in_user_id,
)

pytestmark = pytest.mark.django_db


def test_user_whose_groups_map_to_nothing_is_refused_with_a_clear_page(
    client, connection_a, caplog
):
    caplog.set_level("INFO", logger="portal.sso")
    response = iserv_login(client, connection_a, "paul")

    assert response.status_code == 403
    body = response.content.decode()
    assert "Kein Zugang mit diesem iServ-Account" in body
    assert "Ihre iServ-Gruppen geben keinen Zugang zum Portal." in body
    assert "„Lehrer“ → Lehrkraft" in body
    assert logged_in_user_id(client) is None
    assert not User.objects.filter(email="paul@park.example").exists()
    assert "iServ login refused (iserv-100001): no_role" in caplog.text


def test_disabled_school_is_not_offered_and_its_callback_refuses(client, connection_a):
    response = client.post(reverse("sso:choose"), {"school": connection_a.school_id})
    connection_a.enabled = False
    connection_a.save()
    callback = follow_callback(client, authenticate(authorize_url(response), "anna"))

    assert callback.status_code == 403
    assert "nicht (mehr) eingeschaltet" in callback.content.decode()
    assert logged_in_user_id(client) is None
    login_page = client.get(reverse("account_login")).content.decode()
    assert "Mit iServ anmelden" not in login_page


def test_unverified_email_is_not_trusted(client, connection_a):
    response = iserv_login(client, connection_a, "uwe")

    uwe = User.objects.get(email="uwe@park.example")
    assert not EmailAddress.objects.get(user=uwe).verified
    # Mandatory verification: a confirmation mail, no session yet.
    assert logged_in_user_id(client) is None
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_existing_account_is_linked_only_after_its_password(
    client, connection_a, teacher
):
    teacher.set_password("Lokales-Passwort-9")
    teacher.save()

    response = iserv_login(client, connection_a, "lea")

    # No silent connection by e-mail: she is asked for the password first.
    assert response.status_code == 302
    assert response["Location"] == reverse("sso:link")
    assert logged_in_user_id(client) is None
    assert not SocialAccount.objects.exists()

    page = client.get(reverse("sso:link"))
    assert "lea@schule.example" in page.content.decode()
    wrong = client.post(reverse("sso:link"), {"password": "falsch"})
    assert "nicht das Passwort Ihres Portal-Kontos" in wrong.content.decode()
    assert not SocialAccount.objects.exists()

    right = client.post(reverse("sso:link"), {"password": "Lokales-Passwort-9"})

    assert right.status_code == 302
    assert logged_in_user_id(client) == str(teacher.pk)
    account = SocialAccount.objects.get()
    assert account.user == teacher and account.provider == "iserv-100001"
    assert User.objects.filter(email__iexact="lea@schule.example").count() == 1
    assert teacher.role_names >= {roles.TEACHER}

    client.logout()
    again = iserv_login(client, connection_a, "lea")
    assert again.status_code == 302 and again["Location"] != reverse("sso:link")
    assert logged_in_user_id(client) == str(teacher.pk)


def test_link_page_without_a_pending_iserv_login_sends_to_login(client, db):
    response = client.get(reverse("sso:link"))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")


def test_sso_user_password_page_says_she_has_none(client, connection_a):
    iserv_login(client, connection_a, "anna")

    response = client.get(reverse("account_change_password"), follow=True)

    body = response.content.decode()
    assert "Ihr Konto hat kein Portal-Passwort" in body
    assert "Portal-Passwort festlegen" in body


def test_password_change_page_says_iserv_password_is_separate(client, teacher):
    teacher.set_password("Lokales-Passwort-9")
    teacher.save()
    client.force_login(teacher)

    body = client.get(reverse("account_change_password")).content.decode()

    assert "nur Ihr Portal-Passwort" in body


def test_logout_page_says_iserv_stays_logged_in_and_links_it(
    client, connection_a, school
):
    school.iserv_url = "https://park-schule.example/iserv/"
    school.save()
    iserv_login(client, connection_a, "anna")

    body = client.get(reverse("account_logout")).content.decode()

    assert "Im iServ Ihrer Schule bleiben Sie angemeldet" in body
    assert 'href="https://park-schule.example/iserv/"' in body


def test_logout_page_of_a_password_user_has_no_iserv_hint(client, teacher):
    client.force_login(teacher)

    body = client.get(reverse("account_logout")).content.decode()

    assert "Möchten Sie sich vom Portal abmelden?" in body
    assert "Mit iServ angemeldet?" not in body
