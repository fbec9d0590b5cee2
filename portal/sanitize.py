"""The one place where user-typed HTML is cleaned.

Threat model: anyone who can type text that others see (teachers in tickets, trainers
in course text) may try to run script in another user's browser (stored XSS), to
load tracking or hostile content, or to break the page layout. Plain-text fields are
never passed through here: templates escape them. Where a little formatting is
allowed, `clean_html` keeps only a small list of harmless tags and attributes, allows
only http, https and mailto links, strips everything else, and adds
rel="nofollow noopener" to links. bleach is behind this one function so that the
sanitiser can be replaced in one place.
"""

from __future__ import annotations

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "b",
        "em",
        "i",
        "ul",
        "ol",
        "li",
        "a",
        "code",
        "pre",
        "blockquote",
        "h2",
        "h3",
        "h4",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def _nofollow(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


def clean_html(value: str) -> str:
    """Return `value` with all but the allowed tags, attributes and links removed."""
    cleaned = bleach.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return bleach.linkify(
        cleaned, callbacks=[*DEFAULT_CALLBACKS, _nofollow], parse_email=False
    )
