"""The measured pages: who views them, where they are, and how they are timed.

A page is found by its URL name; a name that does not exist (yet) makes the page
"missing" in the report instead of failing the run, so the harness works while the
features land.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from portal.accounts.models import User
from tests.benchmarks import dataset
from tests.benchmarks.stats import percentile


def _first_reverse(names: list[str], *args) -> str | None:
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def catalogue_url() -> str | None:
    from courses.models import CourseIndexPage

    page = CourseIndexPage.objects.live().first()
    return page.url if page else None


def course_url() -> str | None:
    from courses.models import CoursePage

    page = CoursePage.objects.live().order_by("path").first()
    return page.url if page else None


def long_ticket_url() -> str | None:
    return _first_reverse(["support:queue_ticket"], dataset.long_ticket().reference)


@dataclass(frozen=True)
class PageSpec:
    key: str
    label: str
    user: str | None
    url: Callable[[], str | None]
    #: What production's task worker would have done before the page is asked
    #: for (the benchmark runs no worker), called before the warm-up.
    worker: Callable[[], None] | None = None

    def resolve(self) -> str | None:
        return self.url()


def _named(*names: str, query: str = "") -> Callable[[], str | None]:
    def url() -> str | None:
        found = _first_reverse(list(names))
        return f"{found}{query}" if found else None

    return url


def refresh_delivery_figures() -> None:
    """The worker's refresh of the delivery figures, which it runs within a
    minute of a request asking for it. Without a worker the figures the
    benchmark left went stale after ten minutes, and one request in twenty
    counted every device itself, as the page does only when the worker has
    been down that long (`support.delivery.delivery_snapshot`)."""
    from support.delivery import refresh_delivery_snapshot

    refresh_delivery_snapshot.call()


PAGES = [
    PageSpec("catalogue", "Catalogue /kurse/ (anonymous)", None, catalogue_url),
    PageSpec("course", "Course page (anonymous)", None, course_url),
    PageSpec(
        "catalogue_teacher", "Catalogue (teacher)", dataset.BENCH_TEACHER, catalogue_url
    ),
    PageSpec(
        "course_teacher", "Course page (teacher)", dataset.BENCH_TEACHER, course_url
    ),
    PageSpec(
        "my_courses",
        "Meine Fortbildungen (teacher)",
        dataset.BENCH_TEACHER,
        _named("courses:my_courses"),
    ),
    PageSpec(
        "queue", "Ticket queue (agent)", dataset.BENCH_AGENT, _named("support:queue")
    ),
    PageSpec(
        "queue_filtered",
        "Ticket queue filtered (agent)",
        dataset.BENCH_AGENT,
        _named("support:queue", query="?status=open&status=new&priority=high&sort=due"),
    ),
    PageSpec(
        "long_ticket",
        f"Ticket, {dataset.LONG_TICKET_MESSAGES} messages (agent)",
        dataset.BENCH_AGENT,
        long_ticket_url,
    ),
    PageSpec(
        "devices",
        "Device listing (agent, CMS)",
        dataset.BENCH_AGENT,
        _named("wagtailsnippets_support_device:list"),
    ),
    PageSpec(
        "my_school",
        "Meine Schule (coordinator)",
        dataset.BENCH_COORDINATOR,
        _named("support:my_school"),
    ),
    PageSpec(
        "delivery",
        "Delivery overview (agent)",
        dataset.BENCH_AGENT,
        _named(
            "support:delivery_overview",
            "support:delivery",
            "support:deliveries",
            "support:delivery_progress",
        ),
        worker=refresh_delivery_figures,
    ),
]


def _bump_page_cache() -> None:
    try:
        from courses.cache import bump_catalogue_version
    except ImportError:  # the cache is not there yet: nothing to bypass
        return
    bump_catalogue_version()


def measure_page(
    spec: PageSpec, *, repeat: int = 30, warmup: int = 5, uncached: bool = False
) -> dict:
    """Median and p95 of the server time (ms) and the query count of one page.

    `uncached` invalidates the anonymous page cache before every request (outside
    the timer), to show what a page costs when it has to be rendered.
    """
    url = spec.resolve()
    if url is None:
        return {"key": spec.key, "label": spec.label, "status": "missing"}
    client = Client()
    if spec.user:
        client.force_login(User.objects.get(email=spec.user))
    if spec.worker is not None:
        spec.worker()
    for _i in range(warmup):
        response = client.get(url)
    if response.status_code != 200:
        return {
            "key": spec.key,
            "label": spec.label,
            "url": url,
            "status": f"HTTP {response.status_code}",
        }
    if uncached:
        _bump_page_cache()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Read now: the next request clears the connection's query log.
    query_total = len(queries.captured_queries)
    times = []
    for _i in range(repeat):
        if uncached:
            _bump_page_cache()
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "key": spec.key + ("_uncached" if uncached else ""),
        "label": spec.label + (", not cached" if uncached else ""),
        "url": url,
        "status": "ok",
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "queries": query_total,
        "bytes": len(response.content),
        "samples_ms": [round(t, 2) for t in times],
    }


def query_count(client: Client, url: str) -> tuple[int, int]:
    """(status, number of queries) of one GET, for the budget tests."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries.captured_queries)


def measure_all(*, repeat: int = 30) -> list[dict]:
    results = []
    for spec in PAGES:
        results.append(measure_page(spec, repeat=repeat))
        if spec.user is None:
            results.append(measure_page(spec, repeat=repeat, uncached=True))
    return results
