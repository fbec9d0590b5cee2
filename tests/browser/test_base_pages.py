"""Accessibility and markup of the pages every visitor sees first."""

import pytest

from tests.browser.conftest import check_accessibility, check_markup, log_in, raw_html
from tests.factories import TEST_PASSWORD, UserFactory

PUBLIC_PAGES = {
    "home": "/",
    "login": "/konto/login/",
    "signup": "/konto/signup/",
    "password-reset": "/konto/password/reset/",
    "not-found": "/gibt-es-nicht/",
}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_public_pages_pass_axe(new_page, viewport):
    page = new_page(viewport)
    for name, path in PUBLIC_PAGES.items():
        page.goto(path)
        assert page.locator("h1").count() == 1, name
        check_accessibility(page, f"{name}-{viewport}")


def test_public_and_account_pages_have_valid_markup(new_page):
    page = new_page()
    documents = {name: raw_html(page, path) for name, path in PUBLIC_PAGES.items()}
    UserFactory(email="lena@schule.example", full_name="Lena Müller")
    log_in(page, "lena@schule.example", TEST_PASSWORD)
    for name, path in {
        "profile": "/konto/profil/",
        "delete": "/konto/loeschen/",
    }.items():
        documents[name] = raw_html(page, path)
        page.goto(path)
        check_accessibility(page, name)
    check_markup(documents)


def test_skip_link_and_focus_are_visible_with_keyboard(new_page):
    page = new_page("phone")
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_english_home_page(new_page):
    page = new_page("desktop", locale="en-GB")
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to content").count() == 1
    check_accessibility(page, "home-en")
