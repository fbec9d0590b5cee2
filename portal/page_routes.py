"""Wagtail's page routes, remembered in the shared cache.

Before a CMS page does any work of its own, Wagtail finds the site (one query)
and walks the page tree from the site root, two queries per URL segment: seven
of a logged-in course page's seventeen queries. Which page a URL leads to
changes only when pages are published, unpublished, moved or deleted, or when a
site changes, so the route of a page class with `cache_route = True` is kept
under a `portal.derived.Generation` that those events renew.

On a hit the page is loaded by its primary key with `.live()` (one query) and
handed to Wagtail's own `serve` view through the attributes Wagtail caches its
route and site lookups in (`Page.route_for_request` documents
`request._wagtail_route_for_request`). Everything after routing stays Wagtail's:
the `before_serve_page` hooks (view restrictions), `on_serve_page` and the
page's `serve()`. Only routes to a page itself are kept, never those with
arguments (routable pages), and nothing is kept while the cache is away.
"""

from __future__ import annotations

import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import HttpRequest
from wagtail import views as wagtail_views

from portal.derived import Generation

ROUTES = Generation("wagtail:routes")
TIMEOUT = 3600
logger = logging.getLogger(__name__)


def _key(request: HttpRequest, path: str) -> str | None:
    try:
        raw = f"{request.get_host()}|{path}"
        return ROUTES.key(hashlib.sha256(raw.encode()).hexdigest()[:32])
    except Exception:  # noqa: BLE001 - any cache backend's connection error
        logger.warning("Cache unreachable: routing %s through the page tree", path)
        return None


def _known_route(key: str) -> tuple | None:
    try:
        entry = cache.get(key)
    except Exception:  # noqa: BLE001 - see above
        return None
    if entry is None:
        return None
    site, page_pk, content_type_id = entry
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or not getattr(model, "cache_route", False):
        return None
    page = model.objects.live().filter(pk=page_pk).first()
    return None if page is None else (site, page)


def _remember(key: str, request: HttpRequest) -> None:
    route = getattr(request, "_wagtail_route_for_request", None)
    if route is None:
        return
    page, args, kwargs = route
    if args or kwargs or not getattr(page, "cache_route", False):
        return
    entry = (request._wagtail_site, page.pk, page.content_type_id)
    try:
        cache.set(key, entry, TIMEOUT)
    except Exception:  # noqa: BLE001 - see above
        logger.warning("Cache unreachable: route of %s not stored", request.path)


def serve(request: HttpRequest, path: str):
    """Wagtail's `serve` view, starting from a remembered route when there is one.

    The key is taken before routing, under the version current then: a route
    found while a page moves is stored under the version the move retires.
    """
    key = _key(request, path)
    known = _known_route(key) if key else None
    if known:
        site, page = known
        request._wagtail_site = site
        request._wagtail_route_for_request = (page, [], {})
    response = wagtail_views.serve(request, path)
    if key and not known:
        _remember(key, request)
    return response


def forget_routes(**_signal_kwargs) -> None:
    ROUTES.forget()


def connect_signals() -> None:
    """Renew the routes whenever the page tree or a site changes. Called once
    from `PortalConfig.ready()`."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_routes, dispatch_uid=f"portal-routes-{id(signal)}")
    post_delete.connect(forget_routes, sender=Page, dispatch_uid="portal-routes-del")
    for signal in (post_save, post_delete):
        signal.connect(
            forget_routes, sender=Site, dispatch_uid=f"portal-routes-site-{id(signal)}"
        )
