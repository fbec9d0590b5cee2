"""Figures of the page timing, without Django (the parent process of `make bench`
runs none)."""

from __future__ import annotations

import statistics


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def merge_rounds(runs: list[dict]) -> dict:
    """One run from several rounds of `measure`: the samples of every page
    pooled, median and p95 taken over all of them."""
    merged = dict(runs[0])
    pages = []
    for first in runs[0]["pages"]:
        same = [p for r in runs for p in r["pages"] if p["key"] == first["key"]]
        page = dict(first)
        if all(p["status"] == "ok" for p in same):
            samples = [t for p in same for t in p["samples_ms"]]
            page.update(
                median_ms=round(statistics.median(samples), 1),
                p95_ms=round(percentile(samples, 95), 1),
                samples_ms=samples,
                queries=max(p["queries"] for p in same),
            )
        else:
            page["status"] = next(p["status"] for p in same if p["status"] != "ok")
        pages.append(page)
    merged["pages"] = pages
    return merged
