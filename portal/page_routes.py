"""Wagtail's page routes and their pages, remembered between requests.

Before a CMS page does any work of its own, Wagtail finds the site (one query),
walks the page tree from the site root (two queries per URL segment), loads the
page and checks the view restrictions of the page and its ancestors (two more).
Which page a URL leads to, what the live page holds and whether it is restricted
change only when pages are published, unpublished, moved, saved or deleted, when
a view restriction or a site changes. For a page class with `cache_route = True`
all of that is kept under a `portal.derived.Generation` that those events renew:

- the route (site, page id, page type, restricted or not) in the shared cache,
  so every app server routes a URL once per version;
- the live page object in the process, for at most `LOCAL_SECONDS`; each request
  gets its own copy of it. The version is read from the shared cache on every
  request, so a publish on one server reaches all of them at once. A write that
  sends no signal (raw SQL, `QuerySet.update()`) is seen within `LOCAL_SECONDS`.

On a hit the page is handed to Wagtail's own `serve` view through the attributes
Wagtail caches its route and site lookups in (`Page.route_for_request` documents
`request._wagtail_route_for_request`). Everything after routing stays Wagtail's:
the `before_serve_page` and `on_serve_page` hooks and the page's `serve()`. For
a page without any view restriction on it or above it, the copy answers
Wagtail's restriction check without asking the database; a restricted page is
checked by Wagtail as before. Only routes to a page itself are kept, never those
with arguments (routable pages), and nothing is kept while the cache is away.
"""

from __future__ import annotations

import hashlib
import logging
import time
from copy import copy

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import HttpRequest
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction

from portal.derived import Generation, on_save_or_delete

# The entry holds (site, page id, page type, restricted) since ":2".
ROUTES = Generation("wagtail:routes:2")
TIMEOUT = 3600
#: How long a process keeps a live page object under one version of the routes.
LOCAL_SECONDS = 60
#: Pages kept per process at most (all of them are forgotten when it is reached).
LOCAL_MAX = 500
logger = logging.getLogger(__name__)

# key -> (loaded at, site, page, restricted); every key carries the version.
_pages: dict[str, tuple[float, object, Page, bool]] = {}


def _key(request: HttpRequest, path: str) -> str | None:
    try:
        raw = f"{request.get_host()}|{path}"
        return ROUTES.key(hashlib.sha256(raw.encode()).hexdigest()[:32])
    except Exception:  # noqa: BLE001 - any cache backend's connection error
        logger.warning("Cache unreachable: routing %s through the page tree", path)
        return None


def _for_this_request(page: Page, restricted: bool) -> Page:
    """A copy of the kept page that no other request shares state with."""
    mine = copy(page)
    mine._state = copy(page._state)
    mine._state.fields_cache = dict(page._state.fields_cache)
    if not restricted:
        # Wagtail's `check_view_restrictions` hook asks the page; the route was
        # stored as unrestricted under this version, so the answer is known.
        mine.get_view_restrictions = PageViewRestriction.objects.none
    return mine


def _load(key: str) -> tuple | None:
    try:
        entry = cache.get(key)
    except Exception:  # noqa: BLE001 - see above
        return None
    if entry is None:
        return None
    site, page_pk, content_type_id, restricted = entry
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or not getattr(model, "cache_route", False):
        return None
    page = model.objects.live().filter(pk=page_pk).first()
    if page is None:
        return None
    if len(_pages) >= LOCAL_MAX:
        _pages.clear()
    _pages[key] = (time.monotonic(), site, page, restricted)
    return site, page, restricted


def _known_route(key: str) -> tuple | None:
    kept = _pages.get(key)
    if kept is not None and time.monotonic() - kept[0] < LOCAL_SECONDS:
        site, page, restricted = kept[1:]
    else:
        loaded = _load(key)
        if loaded is None:
            return None
        site, page, restricted = loaded
    return site, _for_this_request(page, restricted)


def _remember(key: str, request: HttpRequest) -> None:
    route = getattr(request, "_wagtail_route_for_request", None)
    if route is None:
        return
    page, args, kwargs = route
    if args or kwargs or not getattr(page, "cache_route", False):
        return
    restricted = page.get_view_restrictions().exists()
    entry = (request._wagtail_site, page.pk, page.content_type_id, restricted)
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
    """Renew the routes whenever the page tree, a page, a view restriction or a
    site changes. Called once from `PortalConfig.ready()`."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Site, get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_routes, dispatch_uid=f"portal-routes-{id(signal)}")
    post_delete.connect(forget_routes, sender=Page, dispatch_uid="portal-routes-del")
    # A save without publishing changes the live row too (drafts, code).
    for model in get_page_models():
        post_save.connect(
            forget_routes, sender=model, dispatch_uid=f"portal-routes-save-{model}"
        )
    on_save_or_delete(forget_routes, Site, PageViewRestriction, uid="portal-routes")
