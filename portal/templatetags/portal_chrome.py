"""`{% site_header %}` and `{% site_footer %}`: the chrome of every page, rendered
once per variant and process; `{% fixed %}`, the same for any part of a page
that says the same to everyone.

The header (site name, the main navigation the user's roles allow, the account
links, the language switch) depends only on the language, on whether someone is
logged in and on which navigation entries are shown and current: a few dozen
variants, whoever the user is. Each variant is rendered once per process and
kept; what differs per request, the CSRF token and the address the language
switch returns to, is put in on every request. The footer differs only by
language. Templates and translations change only with a deploy, which starts
new processes.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.base import TextNode, Variable
from django.template.defaulttags import CommentNode, URLNode
from django.template.loader import render_to_string
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.kept import Kept
from portal.navigation import navigation_for

register = template.Library()

HEADER = "includes/site_header.html"
FOOTER = "includes/site_footer.html"
#: Stand-ins in the kept HTML for what each request fills in (letters only, so
#: that escaping leaves them alone).
CSRF_MARK = "portalchromecsrftoken"
NEXT_MARK = "portalchromenextpath"
#: Variants kept per process at most (all are forgotten when it is reached).
MAX_VARIANTS = 500

_rendered: Kept[str] = Kept(MAX_VARIANTS)


def _kept(key: tuple, render) -> str:
    return _rendered.get(key, render)


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    is_authenticated = bool(user is not None and user.is_authenticated)
    navigation = navigation_for(request) if request is not None else []
    # Each entry's address names its label (in the page's language).
    key = (
        "header",
        translation.get_language(),
        is_authenticated,
        tuple((item["url"], item["current"]) for item in navigation),
    )
    html = _kept(
        key,
        lambda: render_to_string(
            HEADER,
            {
                "site_name": settings.WAGTAIL_SITE_NAME,
                "navigation": navigation,
                "is_authenticated": is_authenticated,
                "csrf_token": CSRF_MARK,
                "next_path": NEXT_MARK,
            },
        ),
    )
    if request is None:  # a template rendered without a request: no forms
        return mark_safe(html.replace(CSRF_MARK, "").replace(NEXT_MARK, "/"))  # noqa: S308
    # The token the page's own forms show (the csrf context processor's, drawn
    # once per page): masking a token costs tens of microseconds.
    token = context.get("csrf_token")
    html = html.replace(
        CSRF_MARK, str(token) if token is not None else get_token(request)
    ).replace(NEXT_MARK, escape(request.get_full_path()))
    return mark_safe(html)  # noqa: S308 - our template; the path is escaped


@register.simple_tag
def site_footer() -> SafeString:
    key = ("footer", translation.get_language())
    html = _kept(
        key,
        lambda: render_to_string(FOOTER, {"site_name": settings.WAGTAIL_SITE_NAME}),
    )
    return mark_safe(html)  # noqa: S308 - our template, nothing from the request


class FixedNode(template.Node):
    """Renders its content once per language, URL prefix and URLconf, per
    process (see `fixed`)."""

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self._rendered: Kept[str] = Kept(MAX_VARIANTS)

    def render(self, context):
        key = (
            translation.get_language(),
            context.autoescape,
            get_script_prefix(),
            get_urlconf(),
        )
        return self._rendered.get(key, lambda: self.nodelist.render(context))


def _constant(expression) -> bool:
    """A filter expression of a quoted string and no filter."""
    if expression is None:
        return True
    var = expression.var
    literal = isinstance(var, str) or (
        isinstance(var, Variable) and var.literal is not None and not var.lookups
    )
    return literal and not expression.filters


def _fixed_content(node) -> bool:
    if isinstance(node, TextNode | CommentNode):
        return True
    if isinstance(node, TranslateNode):
        return (
            node.asvar is None
            and _constant(node.filter_expression)
            and _constant(node.message_context)
        )
    if isinstance(node, URLNode):
        return (
            node.asvar is None
            and _constant(node.view_name)
            and all(_constant(arg) for arg in node.args)
            and all(_constant(arg) for arg in node.kwargs.values())
        )
    if isinstance(node, StaticNode):
        return node.varname is None and _constant(node.path)
    return False


@register.tag
def fixed(parser, token):
    """`{% fixed %}…{% endfixed %}`: a part of a template that says the same to
    everyone, drawn once per language and process instead of on every request.

    It may hold text and `translate`, `url` and `static` with quoted arguments
    only; anything that reads the context (a variable, an `if`, a form, the
    CSRF token) is refused when the template is compiled. Translations, URLs
    and static files change only with a deploy, which starts new processes."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% fixed %} takes no arguments.")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    for node in nodelist:
        if not _fixed_content(node):
            raise template.TemplateSyntaxError(
                "{% fixed %} may hold only text and translate, url and static "
                f"with quoted arguments, not {node.token.contents!r}."
                if getattr(node, "token", None)
                else "{% fixed %} may hold only text, translate, url and static."
            )
    return FixedNode(nodelist)
