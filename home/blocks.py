"""The shared StreamField blocks: every page body of the portal is a BaseStreamBlock."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 or 3 keeps the page outline in order."""

    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "home/blocks/heading.html"
        description = _("A heading that structures the page.")
        preview_value = {"text": "Erste Schritte", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    """An image with its text alternative and an optional caption."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who can not see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "home/blocks/image.html"
        description = _("An image with alternative text.")


class VideoBlock(blocks.StructBlock):
    """An embedded video (YouTube, Vimeo) with a title for screen readers."""

    video = EmbedBlock(label=_("Video URL"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "home/blocks/video.html"
        description = _("An embedded video.")


class CalloutStructValue(blocks.StructValue):
    def css_class(self) -> str:
        return f"callout callout--{self.get('kind') or 'tip'}"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a tip, a note or a warning."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("tip", _("Tip")), ("note", _("Note")), ("warning", _("Warning"))],
        default="tip",
    )
    title = blocks.CharBlock(label=_("Title"), max_length=120, required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Tip box")
        template = "home/blocks/callout.html"
        description = _("A highlighted tip, note or warning.")
        value_class = CalloutStructValue
        preview_value = {"kind": "tip", "title": "Tipp", "text": "<p>Halten Sie …</p>"}


class StepsBlock(blocks.StructBlock):
    """Numbered steps of a task."""

    title = blocks.CharBlock(label=_("Title"), max_length=120, required=False)
    steps = blocks.ListBlock(
        blocks.RichTextBlock(features=["bold", "italic", "link"]), label=_("Steps")
    )

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = "home/blocks/steps.html"
        description = _("Step-by-step instructions.")


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a document of the document library."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), max_length=200, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "home/blocks/document_link.html"
        description = _("A link to a document.")


class TaskBoxBlock(blocks.StructBlock):
    """'Try it on your iPad': a small exercise for the reader."""

    title = blocks.CharBlock(
        label=_("Title"), max_length=120, default="Probieren Sie es aus"
    )
    instructions = blocks.RichTextBlock(
        label=_("Instructions"), features=RICH_TEXT_FEATURES
    )
    duration_minutes = blocks.IntegerBlock(
        label=_("Minutes"), required=False, min_value=1
    )

    class Meta:
        icon = "pick"
        label = _("Try it on your iPad")
        template = "home/blocks/task_box.html"
        description = _("A short exercise to try on the iPad.")


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every page body may use."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="home/blocks/paragraph.html",
    )
    image = ImageBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    steps = StepsBlock()
    document = DocumentLinkBlock()
    task = TaskBoxBlock()


class TeaserBlock(blocks.StructBlock):
    """A teaser on the home page leading to a part of the portal."""

    title = blocks.CharBlock(label=_("Title"), max_length=100)
    text = blocks.TextBlock(label=_("Text"), max_length=300)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(label=_("Or address"), required=False, max_length=200)

    class Meta:
        icon = "link"
        label = _("Teaser")
        template = "home/blocks/teaser.html"
        description = _("A box with a link to a part of the portal.")
