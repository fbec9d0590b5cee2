"""Reads of the help section: articles by category, suggestions while reporting."""

from __future__ import annotations

from django.db.models import QuerySet

from support.models import HelpArticlePage, TicketCategory


def live_articles() -> QuerySet[HelpArticlePage]:
    return HelpArticlePage.objects.live().public().defer_streamfields()


def suggested_articles(category: str, *, limit: int = 5) -> list[HelpArticlePage]:
    """Live articles of a ticket category, to be offered before a ticket is filed."""
    if category not in TicketCategory.values:
        return []
    return list(live_articles().filter(category=category).order_by("title")[:limit])


def articles_by_category(*, parent) -> list[tuple[str, list[HelpArticlePage]]]:
    """The articles below `parent`, grouped in the order of the ticket categories."""
    articles = list(live_articles().child_of(parent).order_by("title"))
    groups = []
    for value, label in TicketCategory.choices:
        members = [a for a in articles if a.category == value]
        if members:
            groups.append((label, members))
    return groups
