"""Until the portal uses it, the benchmark wires the anonymous page cache
(courses/cache.py) itself, as the proposed one-line changes would: the pages'
serve() marks responses (as AnonymousPageCacheMixin does), the middleware is
added (tests/benchmarks/settings.py), the invalidation signals are connected.
BENCH_PAGE_CACHE=0 measures without it.
"""

from __future__ import annotations

import os

CATALOGUE_PARAMS = ("q", "topic", "level", "audience", "month", "free", "page")


def enabled() -> bool:
    return os.environ.get("BENCH_PAGE_CACHE", "1") == "1"


def _marking(original, params):
    def serve(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        if set(request.GET).issubset(params):
            response.page_cache_allowed = True
        return response

    return serve


def wire_page_cache() -> str:
    """'code' when the pages already use the cache, 'bench' when wired here."""
    from courses import cache
    from courses.models import CourseIndexPage, CoursePage

    if issubclass(CoursePage, cache.AnonymousPageCacheMixin):
        return "code"
    if not enabled():
        return "off"
    for page_class, params in ((CourseIndexPage, CATALOGUE_PARAMS), (CoursePage, ())):
        page_class.serve = _marking(page_class.serve, params)
    cache.connect_signals()
    return "bench"
