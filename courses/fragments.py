"""Parts of the catalogue and course pages as HTML, shared by all visitors.

The catalogue's filters and results:

Anonymous visitors get the whole page from the page cache (`courses.cache`). A
logged-in teacher's page differs only in its header (her name, her menu), so the
part below the heading is rendered once per filter combination and language and
kept under the same catalogue version as the page cache: publishing a course or
any booking change that shows on the page draws a new version. Full-text
searches are rendered every time (one entry per search term would only fill the
cache), and so is everything while the cache server is away.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from courses.cache import CATALOGUE, cache_seconds
from portal.derived import Generation

TEMPLATE = "courses/includes/catalogue_results.html"
COURSE_PARTS = {
    "course_breadcrumb": "courses/includes/course_breadcrumb.html",
    "course_intro": "courses/includes/course_intro.html",
    "course_body": "courses/includes/course_body.html",
}
COURSE_PARTS_SECONDS = 3600


def _page_generation(page_pk: int) -> Generation:
    return Generation(f"courses:page:{page_pk}")


def _render(page, request: HttpRequest) -> str:
    from courses.catalogue import catalogue_context

    context = {"page": page, **catalogue_context(page=page, request=request)}
    return render_to_string(TEMPLATE, context, request=request)


def _key(page, request: HttpRequest) -> str:
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    raw = repr([request.get_host(), page.pk, translation.get_language(), query])
    return "catalogue-results:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def catalogue_results_html(*, page, request: HttpRequest) -> str:
    known = set(page.page_cache_params) - {"q"}
    if request.GET.get("q") or not set(request.GET).issubset(known):
        return _render(page, request)
    return CATALOGUE.cached(
        _key(page, request), lambda: _render(page, request), cache_seconds()
    )


def _render_course_parts(page, request: HttpRequest) -> dict[str, str]:
    from courses.catalogue import course_facts

    context = {"page": page, **course_facts(page)}
    return {
        name: render_to_string(template, context, request=request)
        for name, template in COURSE_PARTS.items()
    }


def course_parts_html(*, page, request: HttpRequest) -> dict[str, SafeString]:
    """The parts of a course page that only publishing changes, by name."""
    if getattr(request, "is_preview", False) or page.pk is None:
        parts = _render_course_parts(page, request)
    else:
        key = f"parts:{request.get_host()}:{translation.get_language()}"
        parts = _page_generation(page.pk).cached(
            key, lambda: _render_course_parts(page, request), COURSE_PARTS_SECONDS
        )
    return {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308


def _on_page_change(instance=None, **kwargs) -> None:
    if instance is not None and instance.pk is not None:
        _page_generation(instance.pk).forget()


def connect_signals() -> None:
    """Renew a course's parts on every save or deletion of its page. Called once
    from `CoursesConfig.ready()`."""
    from django.db.models.signals import post_delete, post_save

    from courses.models import CoursePage

    for signal in (post_save, post_delete):
        signal.connect(
            _on_page_change,
            sender=CoursePage,
            dispatch_uid=f"course-parts-{id(signal)}",
        )
