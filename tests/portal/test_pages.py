import pytest
from bs4 import BeautifulSoup

from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_home_page_is_the_site_root():
    home = HomePage.objects.get()
    assert home.get_site().root_page_id == home.pk


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_home_page_renders_german_by_default_with_landmarks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response.status_code == 200
    soup = _soup(response)
    assert soup.html["lang"] == "de"
    assert soup.find("header") and soup.find("nav") and soup.find("main")
    assert soup.find("footer")
    assert len(soup.find_all("h1")) == 1
    skip = soup.find("a", class_="skip-link")
    assert skip["href"] == "#main" and soup.find(id="main")
    assert "Zum Inhalt springen" in skip.text


def test_language_switch_to_english(client):
    response = client.post("/sprache/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    soup = _soup(client.get("/"))
    assert soup.html["lang"] == "en"
    assert "Skip to content" in soup.find("a", class_="skip-link").text


def test_language_switch_refuses_foreign_redirect(client):
    response = client.post(
        "/sprache/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_navigation_follows_roles(client, teacher, trainer):
    client.force_login(teacher)
    assert "/cms/" not in client.get("/").content.decode()
    client.force_login(trainer)
    assert 'href="/cms/"' in client.get("/").content.decode()


def test_allauth_pages_use_portal_layout(client):
    for url in ["/konto/login/", "/konto/signup/", "/konto/password/reset/"]:
        soup = _soup(client.get(url))
        assert soup.find("a", class_="skip-link"), url
        assert len(soup.find_all("h1")) == 1, url
        assert soup.html["lang"] == "de"


def test_messages_are_announced(client, teacher):
    client.force_login(teacher)
    response = client.post(
        "/konto/profil/",
        {"full_name": "Lea", "school": teacher.school_id, "preferred_language": "de"},
        follow=True,
    )
    region = _soup(response).find(class_="messages")
    assert region["role"] == "status" and region["aria-live"] == "polite"
    assert "gespeichert" in region.text


def test_404_uses_base_template(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    soup = _soup(response)
    assert soup.find("main") and len(soup.find_all("h1")) == 1
