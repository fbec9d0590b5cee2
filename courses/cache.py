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
- Every stored page carries the catalogue version it was rendered under, read
  with it in one round trip; it is served only while that version is current.
  `bump_catalogue_version()` moves the version on, which retires every cached
  page at once (they are replaced or expire after their timeout). It is
  called after commit, so a request running between the change and the commit
  cannot store the old state under the new version. It runs on page publish,
  unpublish, delete and move, on a page's view restriction set or lifted, on
  every saved or deleted session or contingent, and on every saved or deleted
  registration (`connect_signals()`) except those of the teachers' own booking
  functions: they know the seat counts before and after and renew the catalogue
  only when it shows the change (`renew_catalogue_if_shown`). Code that changes
  seats with `QuerySet.update()` (which sends no signal) calls it itself.
- A course page shows the seats of all its sessions, so a stored course page
  also names the version of its course's session list
  (`courses.fragments.course_sessions_part`) and is served only while that is
  current: every registration change renews it.
- What changes with time alone (a session starting, a booking deadline passing)
  is at most `COURSES_PAGE_CACHE_SECONDS` (default 300) old.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation

from portal.derived import Generation, all_current, on_save_or_delete

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


#: Set while a booking function changes registrations: it renews the catalogue
#: itself, when the catalogue shows the change.
_seats_checked_by_caller: ContextVar[bool] = ContextVar(
    "courses_seats_checked_by_caller", default=False
)


@contextmanager
def seats_checked_by_caller() -> Iterator[None]:
    """Registration changes inside do not renew the catalogue on their own; the
    caller calls `renew_catalogue_if_shown` for every session it changed."""
    token = _seats_checked_by_caller.set(True)
    try:
        yield
    finally:
        _seats_checked_by_caller.reset(token)


def renew_catalogue_if_shown(
    session, *, confirmed_before: int, confirmed_after: int
) -> None:
    """Renew the catalogue if it shows the change of a session's confirmed seats.

    The catalogue shows the free seats of each course's next session and filters
    by "has a free seat". Call with the session locked, so that no other change
    of its seats runs in between.
    """
    from courses.models import CourseSession

    if confirmed_before == confirmed_after:
        return
    capacity = session.capacity
    if (confirmed_before < capacity) != (confirmed_after < capacity):
        bump_catalogue_version()
        return
    # Sessions starting at the same time: any of them may be shown as the next.
    earlier = (
        CourseSession.objects.upcoming()
        .scheduled()
        .filter(course_id=session.course_id, start__lt=session.start)
    )
    if not earlier.exists():
        bump_catalogue_version()


def is_cacheable_request(request: HttpRequest) -> bool:
    """An anonymous GET/HEAD for a CMS page without a flash message waiting."""
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    if not leads_to_a_page(request.path_info):
        return False
    return not (hasattr(request, "_messages") and len(get_messages(request)))


def leads_to_a_page(path: str) -> bool:
    """Does `path` lead to Wagtail's page view, whose answers alone are stored?
    Any other anonymous request (a login page, a health check, a help page)
    then asks the cache server nothing."""
    return _leads_to_a_page(path, get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=4096)
def _leads_to_a_page(path: str, urlconf: str) -> bool:
    try:
        return resolve(path, urlconf).url_name == "wagtail_serve"
    except Resolver404:
        return False


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
    # "3": a stored page carries the catalogue version it was rendered under
    # and the checks of what it shows (older releases stored other tuples).
    return f"courses:page:3:{digest}"


def _lookup(key: str) -> tuple[str, tuple | None]:
    """The current catalogue version and what is stored under `key`, in one
    round trip (the version is drawn when there is none yet)."""
    found = cache.get_many([CATALOGUE.version_key, key])
    version = found.get(CATALOGUE.version_key)
    if version is None:
        version = catalogue_version()
    return str(version), found.get(key)


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


def _from_cache(request: HttpRequest, content: bytes, content_type: str):
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
    responses marked by `AnonymousPageCacheMixin` are ever stored, and only
    URLs that lead to Wagtail's page view are looked up.
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
            version, stored = _lookup(key)
            if stored is not None:
                stored_version, content, content_type, checks = stored
                if stored_version == version and all_current(checks):
                    return _from_cache(request, content, content_type)
        except Exception:  # noqa: BLE001 - any backend's connection error
            logger.warning("Page cache unreachable: serving %s uncached", request.path)
            return self.get_response(request)
        response = self.get_response(request)
        if _storable(response):
            content = _CSRF_INPUT_RE.sub(
                rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content
            )
            checks = tuple(getattr(response, "page_cache_checks", ()))
            try:
                cache.set(
                    key,
                    (version, content, response["Content-Type"], checks),
                    cache_seconds(),
                )
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
        checks = getattr(request, "page_cache_checks", [])
        if set(request.GET).issubset(self.page_cache_params) and checks is not None:
            response.page_cache_allowed = True
            response.page_cache_checks = checks
        return response


def depends_on(request: HttpRequest, generation: Generation, key: str, full_key):
    """The page being rendered shows what is kept under `generation.key(key)`,
    which was `full_key`; it is served from the page cache only while that is
    current. `full_key=None` (the version could not be read): it is not stored."""
    checks = getattr(request, "page_cache_checks", [])
    if checks is None or full_key is None:
        request.page_cache_checks = None
    else:
        request.page_cache_checks = [*checks, (generation.name, key, full_key)]


def _on_change(**kwargs) -> None:
    bump_catalogue_version()


def _on_registration_change(**kwargs) -> None:
    if not _seats_checked_by_caller.get():
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
    on_save_or_delete(_on_change, PageViewRestriction, uid="courses-cache")
    for model in (CourseSession, SessionContingent):
        post_save.connect(
            _on_change, sender=model, dispatch_uid=f"courses-cache-s-{model}"
        )
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"courses-cache-d-{model}"
        )
    for signal in (post_save, post_delete):
        signal.connect(
            _on_registration_change,
            sender=Registration,
            dispatch_uid=f"courses-cache-registration-{id(signal)}",
        )
