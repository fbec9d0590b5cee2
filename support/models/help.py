"""Help articles: CMS pages that answer common problems, suggested while a ticket
is being filed (matched by the ticket category)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import BaseStreamBlock

from .tickets import TicketCategory

__all__ = ["HelpArticlePage", "HelpArticleRelatedCourse", "HelpIndexPage"]


class HelpIndexPage(Page):
    """The help section (/hilfe/): lists the articles grouped by category."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["support.HelpArticlePage"]
    max_count = 1
    template = "support/help/index_page.html"
    cache_route = True  # portal/page_routes.py

    class Meta:
        verbose_name = _("help index")

    def get_context(self, request, *args, **kwargs):
        from support.help import articles_by_category

        context = super().get_context(request, *args, **kwargs)
        context["groups"] = articles_by_category(parent=self)
        return context


class HelpArticlePage(Page):
    """An answer to a common problem, e.g. "Restarting an iPad"."""

    category = models.CharField(
        _("category"),
        max_length=20,
        choices=TicketCategory.choices,
        help_text=_(
            "The ticket category this article helps with; it is suggested to anyone "
            "reporting a problem of this category."
        ),
    )
    summary = models.CharField(
        _("summary"),
        max_length=250,
        help_text=_("One sentence shown in lists and suggestions."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("category"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("related_courses", label=_("Learn more: related courses")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
    ]

    parent_page_types = ["support.HelpIndexPage"]
    subpage_types: list[str] = []
    template = "support/help/article_page.html"
    cache_route = True  # portal/page_routes.py

    class Meta:
        verbose_name = _("help article")
        verbose_name_plural = _("help articles")


class HelpArticleRelatedCourse(Orderable):
    """A course of the catalogue that goes deeper than the article."""

    article = ParentalKey(
        HelpArticlePage, on_delete=models.CASCADE, related_name="related_courses"
    )
    course = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )

    panels = [PageChooserPanel("course", page_type="courses.CoursePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related course")
        verbose_name_plural = _("related courses")
