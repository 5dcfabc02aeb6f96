"""Dashboard charts as inline SVG geometry, computed on the server.

The CSP forbids inline styles and scripts, so the charts are plain SVG elements whose
coordinates are worked out here and whose colours come from CSS classes (review.css).
Input is counts or (x, y) pairs read with `values_list`, never model instances, so a
chart over 5,000 submissions costs one narrow query.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

WIDTH, HEIGHT = 360, 230
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 14, 40
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Bar:
    """One bar with its label and count, in SVG coordinates."""

    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    css: str
    label_x: float


@dataclass(frozen=True)
class Tick:
    """An axis tick: position and text."""

    pos: float
    text: str


@dataclass(frozen=True)
class Point:
    """One scatter point (several submissions with the same rounded scores share one)."""

    cx: float
    cy: float
    r: float
    count: int
    stated: Decimal
    score: Decimal
    over: bool


@dataclass
class Chart:
    """What a chart template draws."""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    bottom: float = TOP + PLOT_H
    right: float = LEFT + PLOT_W
    bars: list[Bar] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    total: int = 0
    over: int = 0


def _count_ticks(top: int) -> list[Tick]:
    step = max(1, -(-top // 4))
    return [Tick(TOP + PLOT_H - PLOT_H * v / (step * 4), str(v)) for v in range(0, step * 5, step)]


def bar_chart(counts: Mapping[str, int], css: Mapping[str, str] | None = None) -> Chart:
    """Vertical bars for labelled counts (grades, execution buckets), in the given order."""
    chart = Chart(total=sum(counts.values()))
    top = max(counts.values(), default=0) or 1
    step = max(1, -(-top // 4))
    scale = step * 4
    slot = PLOT_W / max(1, len(counts))
    for i, (label, count) in enumerate(counts.items()):
        height = PLOT_H * count / scale
        x = LEFT + i * slot + slot * 0.15
        chart.bars.append(
            Bar(
                round(x, 1),
                round(TOP + PLOT_H - height, 1),
                round(slot * 0.7, 1),
                round(height, 1),
                label,
                count,
                (css or {}).get(label, "bar"),
                round(LEFT + i * slot + slot / 2, 1),
            )
        )
    chart.y_ticks = _count_ticks(top)
    return chart


def _pos(score: Decimal, horizontal: bool) -> float:
    share = float(min(max(score, Decimal(0)), Decimal(100))) / 100
    return round(LEFT + PLOT_W * share, 1) if horizontal else round(TOP + PLOT_H * (1 - share), 1)


def _snap(score: Decimal) -> Decimal:
    return (score / 2).quantize(Decimal(1)) * 2


def scatter(pairs: Iterable[tuple[Decimal | None, Decimal | None]]) -> Chart:
    """Computed score (x) against stated score (y); above the diagonal = over-stated.

    Scores are rounded to a 2-point grid and equal pairs merged into one larger dot, so a
    chart of thousands of submissions stays a few hundred SVG elements.
    """
    merged = Counter(
        (_snap(stated), _snap(score))
        for stated, score in pairs
        if stated is not None and score is not None
    )
    chart = Chart(total=sum(merged.values()))
    for (stated, score), count in sorted(merged.items()):
        over = stated > score
        chart.over += count if over else 0
        radius = round(min(9.0, 2.5 + count**0.5), 1)
        chart.points.append(
            Point(_pos(score, True), _pos(stated, False), radius, count, stated, score, over)
        )
    chart.x_ticks = [Tick(_pos(Decimal(v), True), str(v)) for v in range(0, 101, 20)]
    chart.y_ticks = [Tick(_pos(Decimal(v), False), str(v)) for v in range(0, 101, 20)]
    return chart
