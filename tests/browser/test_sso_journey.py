"""The iServ login in Chromium: two schools' real OpenID Connect providers.

Both providers run as separate processes on 127.0.0.1 (tests/sso/provider/server.py),
the portal on Django's live server. Screenshots of the pages a teacher sees go to
test-output/browser/sso/.
"""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount

from portal import roles
from portal.accounts.models import User
from tests.browser.conftest import OUTPUT, check_accessibility, check_markup, raw_html
from tests.factories import TEST_PASSWORD
from tests.sso.people import PASSWORD, USERS_A, USERS_B, add_users
from tests.sso.provider.process import run_provider
from tests.sso.schools import connect_school

pytestmark = pytest.mark.browser
SHOTS = OUTPUT / "sso"


@pytest.fixture(scope="module")
def iserv_a():
    with run_provider(title="iServ Grundschule Am Park", path="/iserv") as provider:
        add_users(provider, USERS_A)
        yield provider


@pytest.fixture(scope="module")
def iserv_b():
    with run_provider(title="iServ Gymnasium Nord", path="/iserv/oidc") as provider:
        add_users(provider, USERS_B)
        yield provider


@pytest.fixture
def schools(live_server, school, other_school, iserv_a, iserv_b):
    other_school.iserv_url = f"http://127.0.0.1:{iserv_b.port}/"
    other_school.save()
    a = connect_school(
        iserv_a, school, client_id="browser-park", base_url=live_server.url
    )
    b = connect_school(
        iserv_b, other_school, client_id="browser-nord", base_url=live_server.url
    )
    yield a, b
    iserv_a.set_modes()
    iserv_b.set_modes()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def choose_school(page, school_name: str) -> None:
    page.goto("/konto/login/")
    page.locator("select[name=school]").select_option(label=school_name)
    page.get_by_role("button", name="Weiter zu iServ").click()


def type_address(page, address: str) -> None:
    page.goto("/konto/login/")
    page.get_by_label("oder Ihre iServ-Adresse").fill(address)
    page.get_by_role("button", name="Weiter zu iServ").click()


def log_in_at_iserv(page, username: str) -> None:
    page.get_by_label("Account").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state("networkidle")


def test_teacher_logs_in_with_her_schools_iserv_twice(new_page, schools, school):
    page = new_page("phone")
    page.goto("/konto/login/")
    shot(page, "login-phone")
    check_accessibility(page, "sso-login-phone")

    choose_school(page, str(school))
    page.wait_for_url(f"{schools[0].issuer}/authorize?*")
    log_in_at_iserv(page, "anna")

    anna = User.objects.get(email="anna@park.example")
    assert anna.school == school
    assert set(anna.groups.values_list("name", flat=True)) == {roles.TEACHER}
    assert page.get_by_role("link", name="Abmelden").count() == 1

    page.goto("/konto/logout/")
    assert page.get_by_text("Im iServ Ihrer Schule bleiben Sie angemeldet").count()
    shot(page, "logout-phone")
    page.locator("main form").get_by_role("button", name="Abmelden").click()
    assert page.get_by_role("link", name="Anmelden").count() >= 1

    choose_school(page, str(school))
    log_in_at_iserv(page, "anna")
    assert page.get_by_role("link", name="Abmelden").count() == 1
    assert User.objects.filter(email="anna@park.example").count() == 1


def test_school_b_teacher_by_typed_address_ends_up_in_school_b(
    new_page, schools, iserv_b, other_school
):
    page = new_page()
    type_address(page, f"127.0.0.1:{iserv_b.port}")
    page.wait_for_url(f"{iserv_b.issuer}/authorize?*")
    log_in_at_iserv(page, "bert")

    bert = User.objects.get(email="bert@nord.example")
    assert bert.school == other_school
    assert SocialAccount.objects.get(user=bert).provider == "iserv-100002"


def test_school_b_iserv_can_not_put_anyone_into_school_a(new_page, schools, teacher):
    # iServ B vouches for the e-mail address of a school-A teacher: refused.
    page = new_page()
    choose_school(page, "Gymnasium Nord (100002)")
    log_in_at_iserv(page, "anna")

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Kein Zugang mit diesem iServ-Account"
    )
    assert not SocialAccount.objects.exists()
    assert User.objects.get(pk=teacher.pk).school == teacher.school


@pytest.mark.parametrize("mode", ["bad_signature", "wrong_nonce", "wrong_iss"])
def test_forged_id_token_is_refused_in_the_browser(
    new_page, schools, iserv_a, school, mode
):
    iserv_a.set_modes(mode)
    page = new_page()
    choose_school(page, str(school))
    log_in_at_iserv(page, "anna")

    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Die Anmeldung mit iServ ist fehlgeschlagen"
    assert page.get_by_role("link", name="Abmelden").count() == 0
    assert not User.objects.filter(email="anna@park.example").exists()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_refusal_page_for_groups_without_access(new_page, schools, school, viewport):
    page = new_page(viewport)
    choose_school(page, str(school))
    log_in_at_iserv(page, "paul")

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Kein Zugang mit diesem iServ-Account"
    )
    assert page.get_by_role("alert").inner_text() == (
        "Ihre iServ-Gruppen geben keinen Zugang zum Portal."
    )
    shot(page, f"refused-{viewport}")
    check_accessibility(page, f"sso-refused-{viewport}")
    page.goto("/konto/login/")
    shot(page, f"login-{viewport}")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_unknown_iserv_address_explains_what_to_do(new_page, schools, viewport):
    page = new_page(viewport)
    type_address(page, "irgendwo.example")

    error = page.get_by_text("Keine Schule mit der iServ-Adresse „irgendwo.example“")
    assert error.count() == 1
    field = page.get_by_label("oder Ihre iServ-Adresse")
    assert field.get_attribute("aria-invalid") == "true"
    shot(page, f"choose-error-{viewport}")
    check_accessibility(page, f"sso-choose-error-{viewport}")


def test_sso_pages_have_valid_markup(new_page, schools, school, teacher):
    page = new_page()
    documents = {"sso-login": raw_html(page, "/konto/login/")}
    type_address(page, "irgendwo.example")
    documents["sso-choose-error"] = page.content()
    choose_school(page, str(school))
    log_in_at_iserv(page, "paul")
    documents["sso-refused"] = page.content()
    choose_school(page, str(school))
    log_in_at_iserv(page, "lea")  # the e-mail of an existing account: link page
    assert page.get_by_role("heading", level=1).inner_text() == (
        "iServ-Anmeldung verknüpfen"
    )
    documents["sso-link"] = page.content()
    shot(page, "link-desktop")
    check_accessibility(page, "sso-link")
    page.get_by_label("Passwort Ihres Portal-Kontos").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Verknüpfen und anmelden").click()
    page.wait_for_load_state("networkidle")
    assert SocialAccount.objects.get().user == teacher
    page.goto("/konto/logout/")
    assert page.get_by_text("Im iServ Ihrer Schule bleiben Sie angemeldet").count()
    documents["sso-logout"] = page.content()
    check_accessibility(page, "sso-logout")
    check_markup(documents)
