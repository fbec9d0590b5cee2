"""Search in the help articles."""

from __future__ import annotations

from django.shortcuts import render

from support.help import live_articles

MAX_RESULTS = 30


def help_search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = list(live_articles().search(query)[:MAX_RESULTS]) if query else []
    return render(
        request, "support/help/search.html", {"query": query, "results": results}
    )
