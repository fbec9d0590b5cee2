"""Anonymous page cache of the catalogue and the course pages.

Most visitors of `/kurse/` are not logged in and all of them see the same page, so
the rendered HTML is kept in the shared cache (Redis in production) and served
without touching the database. What makes it safe:

- Only anonymous GET/HEAD requests without pending flash messages are served from
  or stored in the cache; a logged-in user always gets a fresh page (it shows her
  bookings). Only 200 responses without cookies or `private`/`no-store` are stored.
- The key holds the host, scheme, path, language and the query string (sorted);
  a query string with a parameter the page does not know is not cached at all,
  so nobody can fill the cache with junk URLs.
- Every page carries the CSRF token of the language switch form. The token is
  cut out before storing and the visitor's own token is put back on serving.
- A version number is part of every key. `bump_catalogue_version()` moves it on,
  which orphans every cached page at once (they expire after their timeout). It is
  called after commit, so a request running between the change and the commit
  cannot store the old state under the new version. It runs on page publish,
  unpublish, delete and move, and on every saved or deleted session or
  registration (`connect_signals()`); code that changes seats with
  `QuerySet.update()` (which sends no signal) calls it itself.
- What changes with time alone (a session starting, a booking deadline passing)
  is at most `COURSES_PAGE_CACHE_SECONDS` (default 300) old.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

VERSION_KEY = "courses:page-cache:version"
CSRF_PLACEHOLDER = b"__portal_csrf_token__"
_CSRF_INPUT_RE = re.compile(
    rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")'
)
HEADER = "X-Page-Cache"


def cache_seconds() -> int:
    return int(getattr(settings, "COURSES_PAGE_CACHE_SECONDS", 300))


def catalogue_version() -> str:
    """The current version of the cached pages (created on first use)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return str(version)


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def bump_catalogue_version() -> None:
    """Invalidate every cached catalogue and course page once the current
    transaction commits (at once when there is none)."""
    transaction.on_commit(_bump)


def is_cacheable_request(request: HttpRequest, allowed_params: Iterable[str]) -> bool:
    """An anonymous GET/HEAD with known query parameters and no flash message."""
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    if not set(request.GET).issubset(set(allowed_params)):
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
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
    )


def cached_page_response(
    request: HttpRequest,
    render: Callable[[], HttpResponse],
    *,
    allowed_params: Iterable[str] = (),
) -> HttpResponse:
    """The cached page for an anonymous visitor, else `render()` (stored if allowed)."""
    if not is_cacheable_request(request, allowed_params):
        return render()
    key = cache_key(request)
    stored = cache.get(key)
    if stored is not None:
        content, content_type = stored
        response = HttpResponse(
            content.replace(CSRF_PLACEHOLDER, get_token(request).encode()),
            content_type=content_type,
        )
        response[HEADER] = "hit"
        return response
    response = render()
    if hasattr(response, "render") and callable(response.render):
        response.render()
    if _storable(response):
        content = _CSRF_INPUT_RE.sub(
            rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content
        )
        cache.set(key, (content, response["Content-Type"]), cache_seconds())
        response[HEADER] = "miss"
    return response


class AnonymousPageCacheMixin:
    """Serve a Wagtail page from the anonymous page cache.

    Put it first in the bases: `class CoursePage(AnonymousPageCacheMixin, Page)`.
    `page_cache_params` names the query parameters the page understands.
    """

    page_cache_params: tuple[str, ...] = ()

    def serve(self, request, *args, **kwargs):
        return cached_page_response(
            request,
            lambda: super(AnonymousPageCacheMixin, self).serve(
                request, *args, **kwargs
            ),
            allowed_params=self.page_cache_params,
        )


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
    from wagtail.models import Page

    post_delete.connect(_on_change, sender=Page, dispatch_uid="courses-cache-page-del")
    for model in (CourseSession, Registration, SessionContingent):
        post_save.connect(
            _on_change, sender=model, dispatch_uid=f"courses-cache-s-{model}"
        )
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"courses-cache-d-{model}"
        )
