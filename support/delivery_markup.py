"""The delivery overview's figures as HTML, drawn once per count, language and
process.

The city-wide figures change at most once a minute (`support.delivery.
delivery_snapshot`), but the page shows them as two charts and three tables:
for 154 schools a bar, a row and a link each. Drawn by the template engine on
every visit, that was most of the page's time (about 60 of 70 ms on a slow
machine), so the two parts made from a count (`delivery_figures.html`,
`delivery_schools.html`) are kept while the count is the same. What the page
reads on every visit (the time of the count, the batches next in line) stays
in `delivery.html`.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from portal.kept import Kept
from support import charts
from support.delivery import Snapshot

TEMPLATES = "support/inventory"
#: The parts of the last counts, per language, time zone and URL prefix.
_kept: Kept[tuple[SafeString, SafeString]] = Kept(16)


def _render(snapshot: Snapshot) -> tuple[SafeString, SafeString]:
    schools = snapshot.schools
    context = {
        "schools": schools,
        "totals": {
            "allotted": sum(s.devices_allotted for s in schools),
            "planned": sum(s.planned for s in schools),
            "delivered": sum(s.delivered for s in schools),
            "on_loan": sum(s.on_loan for s in schools),
        },
        "batches": snapshot.batches,
        "line_chart": charts.cumulative_chart(snapshot.points),
        "points": snapshot.points,
        "bars": charts.school_bars(
            [(s.name, s.delivered, s.devices_allotted) for s in schools]
        ),
    }
    figures = render_to_string(f"{TEMPLATES}/delivery_figures.html", context)
    schools_part = render_to_string(f"{TEMPLATES}/delivery_schools.html", context)
    return SafeString(figures), SafeString(schools_part)


def snapshot_parts(snapshot: Snapshot) -> tuple[SafeString, SafeString]:
    """(totals, timeline and batches; the schools' chart and table) of a count.

    A count is known by its time and token; the HTML also depends on the
    language (labels, date formats), the time zone and the URL prefix (links).
    """
    key = (
        snapshot.taken_at,
        snapshot.token,
        get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
    )
    return _kept.get(key, lambda: _render(snapshot))
