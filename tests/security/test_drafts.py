"""Unpublished pages stay unseen: not in listings, suggestions or search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from support.models import HelpArticlePage, HelpIndexPage
from tests.security import factories as f

pytestmark = pytest.mark.django_db

SECRET = "Unveroeffentlichter Entwurf"


def _draft_article() -> HelpArticlePage:
    article = HelpIndexPage.objects.get().add_child(
        instance=HelpArticlePage(
            title=SECRET,
            slug="entwurf",
            category="display",
            summary=SECRET,
            body=[("paragraph", f"<p>{SECRET}</p>")],
            live=False,
        )
    )
    article.save_revision()
    return article


def test_draft_help_articles_are_never_suggested_or_found(client):
    article = _draft_article()
    for url in (
        reverse("support:help_suggestions") + "?category=display",
        reverse("support:help_search") + "?q=Entwurf",
        HelpIndexPage.objects.get().url + "?q=Entwurf",
        HelpIndexPage.objects.get().url,
    ):
        assert SECRET not in client.get(url).content.decode(), url
    assert client.get(article.url or "/hilfe/entwurf/").status_code == 404


def test_draft_courses_are_not_listed_or_served(client, world):
    draft = f.make_course(title=SECRET)
    url = draft.url
    draft.unpublish()
    catalogue = world.course.get_parent().url
    for page in (catalogue, catalogue + "?q=Unveroeffentlichter"):
        assert SECRET not in client.get(page).content.decode(), page
    assert client.get(url).status_code == 404
