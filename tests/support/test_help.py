"""Help articles: page tree, pages, search and suggestions while reporting."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from support.models import HelpArticlePage, HelpArticleRelatedCourse, HelpIndexPage

pytestmark = pytest.mark.django_db


def help_index() -> HelpIndexPage:
    """The /hilfe/ page the migration creates (recreated after a flush)."""
    index = HelpIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.get()
        index = home.add_child(instance=HelpIndexPage(title="Hilfe", slug="hilfe"))
    return index


def add_article(index, title, category, *, live=True) -> HelpArticlePage:
    article = HelpArticlePage(
        title=title,
        category=category,
        summary=f"Kurz: {title}",
        body=[("paragraph", "<p>Halten Sie die obere Taste gedrückt.</p>")],
        live=live,
    )
    return index.add_child(instance=article)


@pytest.fixture
def articles():
    index = help_index()
    return {
        "restart": add_article(index, "iPad neu starten", "app"),
        "wlan": add_article(index, "WLAN verbindet nicht", "wlan"),
        "draft": add_article(index, "Entwurf zu Apps", "app", live=False),
    }


class TestHelpTree(WagtailPageTestCase):
    def test_parent_and_child_rules(self):
        self.assertAllowedParentPageTypes(HelpIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(HelpIndexPage, {HelpArticlePage})
        self.assertAllowedParentPageTypes(HelpArticlePage, {HelpIndexPage})
        self.assertAllowedSubpageTypes(HelpArticlePage, set())


def test_help_index_is_at_hilfe_and_lists_live_articles_by_category(client, articles):
    response = client.get("/hilfe/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "iPad neu starten" in html and "WLAN verbindet nicht" in html
    assert "Entwurf" not in html
    assert HelpIndexPage.objects.count() == 1
    assert HelpIndexPage.objects.get().get_parent().specific_class is HomePage


def test_article_page_links_related_course_and_report_form(client, articles):
    article = articles["restart"]
    course = Page.objects.get(depth=2)  # any live page stands in for a course here
    HelpArticleRelatedCourse.objects.create(article=article, course=course)
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mehr lernen" in html and course.title in html
    assert reverse("support:report") + "?category=app" in html


def test_help_search_finds_articles(client, articles):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    response = client.get(reverse("support:help_search"), {"q": "WLAN"})
    assert "WLAN verbindet nicht" in response.content.decode()
    assert "iPad neu starten" not in response.content.decode()


def test_report_form_suggests_articles_of_the_category(client, teacher, articles):
    client.force_login(teacher)
    page = client.get(reverse("support:report"), {"category": "app"}).content.decode()
    assert "iPad neu starten" in page and "WLAN verbindet nicht" not in page
    assert "Entwurf" not in page
    fragment = client.get(reverse("support:help_suggestions"), {"category": "wlan"})
    assert "WLAN verbindet nicht" in fragment.content.decode()
    empty = client.get(reverse("support:help_suggestions"), {"category": "nonsense"})
    assert empty.content.decode().strip() == ""


@pytest.mark.django_db(transaction=True)
def test_help_index_comes_back_after_a_flush():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    index = HelpIndexPage.objects.get()
    assert index.url == "/hilfe/"
    assert index.get_parent().specific_class is HomePage
