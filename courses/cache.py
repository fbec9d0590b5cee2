"""Anonymous page cache of the catalogue and the course pages.

Most visitors of `/kurse/` are not logged in and all of them see the same page, so
the rendered HTML is kept in the shared cache (Redis in production) and served
without touching the database. What makes it safe:

- Two parts: `AnonymousPageCacheMixin` on a page class marks its responses as
  cacheable; `AnonymousPageCacheMiddleware` serves and stores them. The lookup
  happens in the middleware, before Wagtail routes the request, because routing
  (site, page path, view restrictions) costs several queries of its own.
- Only anonymous GET/HEAD requests without pending flash messages are served from
  or stored in the cache; a logged-in user always gets a fresh page (it shows her
  bookings). Only marked 200 responses without cookies or `private`/`no-store`
  are stored.
- The key holds the host, scheme, path, language and the query string (sorted);
  a query string with a parameter the page does not know is not stored at all,
  so nobody can fill the cache with junk URLs.
- Every page carries the CSRF token of the language switch form. The token is
  cut out before storing and the visitor's own token is put back on serving.
- A version number is part of every key. `bump_catalogue_version()` moves it on,
  which orphans every cached page at once (they expire after their timeout). It is
  called after commit, so a request running between the change and the commit
  cannot store the old state under the new version. It runs on page publish,
  unpublish, delete and move, on a page's view restriction set or lifted, and
  on every saved or deleted session or
  registration (`connect_signals()`); code that changes seats with
  `QuerySet.update()` (which sends no signal) calls it itself.
- What changes with time alone (a session starting, a booking deadline passing)
  is at most `COURSES_PAGE_CACHE_SECONDS` (default 300) old.
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from portal.derived import Generation

# The version of everything cached about the catalogue: whole anonymous pages
# here, the logged-in visitors' results in `courses.fragments`.
CATALOGUE = Generation("courses:catalogue")
logger = logging.getLogger(__name__)
CSRF_PLACEHOLDER = b"__portal_csrf_token__"
_CSRF_INPUT_RE = re.compile(
    rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")'
)
HEADER = "X-Page-Cache"


def cache_seconds() -> int:
    return int(getattr(settings, "COURSES_PAGE_CACHE_SECONDS", 300))


def catalogue_version() -> str:
    """The current version of the cached pages (created on first use)."""
    return CATALOGUE.version()


def bump_catalogue_version() -> None:
    """Invalidate every cached catalogue and course page once the current
    transaction commits (at once when there is none)."""
    CATALOGUE.forget()


def is_cacheable_request(request: HttpRequest) -> bool:
    """An anonymous GET/HEAD without a flash message waiting to be shown."""
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    return not (hasattr(request, "_messages") and len(get_messages(request)))


def cache_key(request: HttpRequest) -> str:
    query = sorted(
        (name, value) for name in request.GET for value in request.GET.getlist(name)
    )
    raw = "|".join(
        [
            request.scheme or "",
            request.get_host(),
            request.path,
            translation.get_language() or "",
            repr(query),
        ]
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"courses:page:{catalogue_version()}:{digest}"


def _storable(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    return (
        getattr(response, "page_cache_allowed", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
    )


def _from_cache(request: HttpRequest, stored: tuple[bytes, str]) -> HttpResponse:
    content, content_type = stored
    response = HttpResponse(
        content.replace(CSRF_PLACEHOLDER, get_token(request).encode()),
        content_type=content_type,
    )
    response[HEADER] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """Serves cached pages to anonymous visitors before Wagtail routes the request
    (routing alone costs several queries); stores the pages that allow it.

    Put it after the authentication, message and language middleware. Only
    responses marked by `AnonymousPageCacheMixin` are ever stored, so a lookup
    for any other URL simply misses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        # The cache speeds pages up; it must never take them down. If the cache
        # server is unreachable, pages are rendered as if there were no cache.
        try:
            key = cache_key(request)
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - any backend's connection error
            logger.warning("Page cache unreachable: serving %s uncached", request.path)
            return self.get_response(request)
        if stored is not None:
            return _from_cache(request, stored)
        response = self.get_response(request)
        if _storable(response):
            content = _CSRF_INPUT_RE.sub(
                rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content
            )
            try:
                cache.set(key, (content, response["Content-Type"]), cache_seconds())
            except Exception:  # noqa: BLE001 - see above
                logger.warning("Page cache unreachable: %s not stored", request.path)
            else:
                response[HEADER] = "miss"
        return response


class AnonymousPageCacheMixin:
    """Marks a Wagtail page's response as fit for the anonymous page cache.

    Put it first in the bases: `class CoursePage(AnonymousPageCacheMixin, Page)`.
    `page_cache_params` names the query parameters the page understands; a
    request with any other parameter is not stored, so nobody can fill the cache
    with junk URLs.
    """

    page_cache_params: tuple[str, ...] = ()

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if set(request.GET).issubset(self.page_cache_params):
            response.page_cache_allowed = True
        return response


def _on_change(**kwargs) -> None:
    bump_catalogue_version()


def connect_signals() -> None:
    """Invalidate on every change that shows on the cached pages. Call once from
    `CoursesConfig.ready()`."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from courses.models import CourseSession, Registration, SessionContingent

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_change, dispatch_uid=f"courses-cache-{id(signal)}")
    # Deleting a page sends post_delete for its specific class (and Page).
    from wagtail.models import Page, PageViewRestriction

    post_delete.connect(_on_change, sender=Page, dispatch_uid="courses-cache-page-del")
    # A page closed to visitors must not stay in the cache for them.
    for signal in (post_save, post_delete):
        signal.connect(
            _on_change,
            sender=PageViewRestriction,
            dispatch_uid=f"courses-cache-restriction-{id(signal)}",
        )
    for model in (CourseSession, Registration, SessionContingent):
        post_save.connect(
            _on_change, sender=model, dispatch_uid=f"courses-cache-s-{model}"
        )
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"courses-cache-d-{model}"
        )
