"""`{% kept_fragment key %}…{% endkept_fragment %}`: a part of a page kept in the
shared cache under a key the view made (one that carries a
`portal.derived.Generation` version, so that a change draws a new key).

Unlike Django's `{% cache %}` it never takes a page down: while the cache server
is unreachable the part is rendered every time.
"""

from __future__ import annotations

import logging

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

register = template.Library()
logger = logging.getLogger(__name__)

TIMEOUT = 600


class KeptFragmentNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context):
        key = self.key.resolve(context)
        try:
            html = cache.get(key)
        except Exception:  # noqa: BLE001 - any cache backend's connection error
            logger.warning("Cache unreachable: fragment %s rendered", key)
            return self.nodelist.render(context)
        if html is None:
            html = self.nodelist.render(context)
            try:
                cache.set(key, html, TIMEOUT)
            except Exception:  # noqa: BLE001 - see above
                logger.warning("Cache unreachable: fragment %s not stored", key)
        return mark_safe(html)  # noqa: S308 - what our own templates rendered


@register.tag
def kept_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% kept_fragment key %} takes one key.")
    nodelist = parser.parse(("endkept_fragment",))
    parser.delete_first_token()
    return KeptFragmentNode(nodelist, parser.compile_filter(bits[1]))
