"""Server-side SVG charts of the delivery progress.

Geometry only: the templates draw the shapes, with a <title> and <desc>, values
written as text and a data table next to each chart, so nothing depends on colour
or on JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from support.delivery import Point

WIDTH, HEIGHT = 720, 300
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 64, 16, 16, 48
#: How wide a month label ("04/2021") is drawn, at most.
MONTH_LABEL_WIDTH = 60


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str
    #: The SVG text-anchor: a label that would run past the chart ends at x.
    anchor: str = "start"


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    path: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    last: Tick | None
    baseline: float
    left: float
    right: float


def _nice_max(value: int) -> int:
    if value <= 0:
        return 1
    step = 10 ** (len(str(value)) - 1)
    return ((value + step - 1) // step) * step


def cumulative_chart(points: list[Point]) -> LineChart:
    """A step line of cumulative deliveries over time, with month ticks."""
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    baseline = PAD_TOP + inner_h
    if not points:
        return LineChart(
            WIDTH, HEIGHT, "", [], [], None, baseline, PAD_LEFT, WIDTH - PAD_RIGHT
        )
    first, last = points[0].day, points[-1].day
    span = max((last - first).days, 1)
    top = _nice_max(points[-1].total)

    def x(day) -> float:
        return round(PAD_LEFT + inner_w * (day - first).days / span, 1)

    def y(total: int) -> float:
        return round(baseline - inner_h * total / top, 1)

    commands = [f"M{x(first)},{baseline}"]
    previous = 0
    for point in points:
        commands.append(f"L{x(point.day)},{y(previous)}")
        commands.append(f"L{x(point.day)},{y(point.total)}")
        previous = point.total
    months = []
    month = first.replace(day=1)
    while month <= last:
        at = x(max(month, first))
        anchor = "end" if at + MONTH_LABEL_WIDTH > WIDTH else "start"
        months.append(Tick(at, baseline + 20, month.strftime("%m/%Y"), anchor))
        month = (month + timedelta(days=32)).replace(day=1)
    y_ticks = [
        Tick(PAD_LEFT - 8, y(top * i // 4), f"{top * i // 4:,}".replace(",", "."))
        for i in range(5)
    ]
    end = points[-1]
    last_tick = Tick(x(end.day), y(end.total), f"{end.total:,}".replace(",", "."))
    return LineChart(
        WIDTH,
        HEIGHT,
        " ".join(commands),
        months,
        y_ticks,
        last_tick,
        baseline,
        PAD_LEFT,
        WIDTH - PAD_RIGHT,
    )


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    delivered_width: float
    allotted_width: float
    delivered: int
    allotted: int
    text_x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    bar_height: int


def school_bars(rows: list[tuple[str, int, int]], *, width: int = WIDTH) -> BarChart:
    """One bar per school: a filled bar for delivered inside an outline for allotted.

    `rows` are (label, delivered, allotted); the numbers are written next to each
    bar ("120 / 150"), so the chart reads without telling colours apart.
    """
    label_width, value_width, bar_h, gap = 260, 90, 14, 6
    scale_w = width - label_width - value_width
    top = max([max(d, a) for _label, d, a in rows] + [1])
    bars = []
    for i, (label, delivered, allotted) in enumerate(rows):
        allotted_w = round(scale_w * allotted / top, 1)
        bars.append(
            Bar(
                label=label,
                y=i * (bar_h + gap),
                delivered_width=round(scale_w * delivered / top, 1),
                allotted_width=allotted_w,
                delivered=delivered,
                allotted=allotted,
                text_x=label_width + max(allotted_w, scale_w * delivered / top) + 6,
            )
        )
    height = max(len(rows) * (bar_h + gap), bar_h)
    return BarChart(width, height, label_width, bars, bar_h)
