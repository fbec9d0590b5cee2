"""The catalogue and course pages, their audiences and materials."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.cache import AnonymousPageCacheMixin
from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from portal import roles
from portal.schools.models import SchoolType

__all__ = [
    "Audience",
    "CourseIndexPage",
    "CourseLevel",
    "CourseMaterial",
    "CoursePage",
    "CourseTopic",
]


class CourseTopic(models.TextChoices):
    IPAD = "ipad", _("iPad")
    ISERV = "iserv", _("iServ")


class CourseLevel(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    ADVANCED = "advanced", _("Advanced")
    EXPERT = "expert", _("Expert")


class Audience(models.Model):
    """A school type a course is meant for (one row per NRW school type).

    A row per type rather than a list in a text column: editors tick boxes, the
    catalogue filters with a join that works the same on SQLite and PostgreSQL, and
    the page revision keeps the choice (it is a ParentalManyToManyField).
    """

    school_type = models.CharField(
        _("school type"), max_length=32, choices=SchoolType.choices, unique=True
    )

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.get_school_type_display())


class CourseIndexPage(AnonymousPageCacheMixin, Page):
    """The course catalogue: lists, filters and searches the live courses."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1
    # The catalogue's filters: other query strings are never cached.
    page_cache_params = ("q", "topic", "level", "audience", "month", "free", "page")
    cache_route = True  # portal/page_routes.py

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses.fragments import catalogue_results_html

        context = super().get_context(request, *args, **kwargs)
        context["catalogue_results"] = catalogue_results_html(
            page=self, request=request
        )
        return context


class CoursePage(AnonymousPageCacheMixin, Page):
    """One course: what it teaches, for whom, by whom; its sessions live outside."""

    teaser = models.TextField(
        _("teaser"),
        max_length=300,
        help_text=_("One or two sentences shown in the catalogue (at most 300)."),
    )
    topic = models.CharField(
        _("topic"), max_length=16, choices=CourseTopic.choices, db_index=True
    )
    level = models.CharField(
        _("level"),
        max_length=16,
        choices=CourseLevel.choices,
        default=CourseLevel.BEGINNER,
        db_index=True,
    )
    audiences = ParentalManyToManyField(
        Audience,
        verbose_name=_("audience"),
        related_name="courses",
        blank=True,
        help_text=_("The school types the course suits. None means all."),
    )
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"), default=90)
    learning_goals = RichTextField(
        _("learning goals"),
        features=["bold", "italic", "ul", "ol", "link"],
        help_text=_("What participants can do afterwards, best as a list."),
    )
    prerequisites = RichTextField(
        _("prerequisites"),
        features=["bold", "italic", "ul", "ol", "link"],
        blank=True,
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        related_name="trained_courses",
        blank=True,
        limit_choices_to={"groups__name": roles.TRAINER},
        help_text=_("Trainers named here manage the sessions of this course."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social media image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared; the hero image if empty."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("teaser"),
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldPanel("level"),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("duration_minutes"),
            ],
            heading=_("Classification"),
        ),
        FieldPanel("learning_goals"),
        FieldPanel("prerequisites"),
        FieldPanel("trainers", widget=forms.CheckboxSelectMultiple),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        InlinePanel("materials", label=_("Materials"), heading=_("Materials")),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.SearchField("learning_goals"),
        index.AutocompleteField("teaser"),
        index.FilterField("topic"),
        index.FilterField("level"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    cache_route = True  # portal/page_routes.py
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(page=self, request=request))
        return context


class CourseMaterial(Orderable):
    """A document or link attached to a course, public or for participants only."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PARTICIPANTS = "participants", _("Participants only")

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Upload into the collection “Kursmaterial”."),
    )
    url = models.URLField(_("link"), blank=True)
    visibility = models.CharField(
        _("visible to"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("document"),
        FieldPanel("url"),
        FieldPanel("visibility"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if bool(self.document_id) == bool(self.url):
            raise ValidationError(
                _("Choose either a document or enter a link, not both and not none.")
            )
