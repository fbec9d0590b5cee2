from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock, TeaserBlock


class HomePage(Page):
    """The portal's start page: a short introduction and teasers to its parts."""

    intro = StreamField(BaseStreamBlock(), verbose_name=_("introduction"), blank=True)
    teasers = StreamField(
        [("teaser", TeaserBlock())], verbose_name=_("teasers"), blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("teasers")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    cache_route = True  # portal/page_routes.py

    class Meta:
        verbose_name = _("home page")
