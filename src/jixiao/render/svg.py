"""Bar charts as inline SVG, drawn from Decimal figures without a plotting library.

Why hand-written SVG: a portal page must be one self-contained file, and the figures
must be exactly those of the text; coordinates are the only thing converted to float.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.render.document import Chart

__all__ = ["chart_svg"]

_COLOURS = ("#9e1f1f", "#c9a46b")
_ROW = 26
_LABEL_W = 170
_BAR_W = 360


def chart_svg(chart: Chart) -> str:
    """Horizontal bars, one group per label, one bar per series, value at the bar's end."""
    peak = max((v for _, values in chart.series for v in values), default=Decimal(0))
    scale = Decimal(_BAR_W) / peak if peak > 0 else Decimal(0)
    group = _ROW * len(chart.series) + 8
    height = 30 + group * len(chart.labels) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {_LABEL_W + _BAR_W + 110} {height}" '
        f'class="chart"><title>{escape(chart.title)}</title>'
    ]
    for index, label in enumerate(chart.labels):
        top = 30 + index * group
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{top + group / 2:.0f}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(label[:12])}</text>'
        )
        for s, (_name, values) in enumerate(chart.series):
            width = int(values[index] * scale)
            y = top + s * _ROW
            parts.append(
                f'<rect x="{_LABEL_W}" y="{y}" width="{width}" height="{_ROW - 6}" fill="{_COLOURS[s % 2]}"/>'
                f'<text x="{_LABEL_W + width + 4}" y="{y + 15}">{values[index]:.2f}</text>'
            )
    legend = "　".join(
        f'<tspan fill="{_COLOURS[s % 2]}">■</tspan>{escape(name)}'
        for s, (name, _) in enumerate(chart.series)
    )
    parts.append(f'<text x="{_LABEL_W}" y="18">{legend}（{escape(chart.unit)}）</text></svg>')
    return "".join(parts)
