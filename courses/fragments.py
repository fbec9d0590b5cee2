"""The catalogue's filters and results as HTML, shared by all logged-in visitors.

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

from courses.cache import CATALOGUE, cache_seconds

TEMPLATE = "courses/includes/catalogue_results.html"


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
