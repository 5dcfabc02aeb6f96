"""Bar charts as PNG for Word (and so PDF), drawn with Pillow from the same `Chart` as the SVG.

Why Pillow and a CJK font found by path: matplotlib is not a dependency, and Pillow's
default bitmap font has no Chinese glyphs, so labels would come out as tofu boxes. When
no CJK font is found, `chart_png` returns None and the Word writer falls back to the
chart's data table rather than draw unreadable labels.
"""

from __future__ import annotations

import io
import os
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

if TYPE_CHECKING:
    from jixiao.render.document import Chart

__all__ = ["FONT_CANDIDATES", "WIDTH", "chart_png", "chart_size", "cjk_font"]

# (path, face index in a .ttc); the first that exists wins. JIXIAO_CJK_FONT overrides.
FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # Debian fonts-noto-cjk (SC)
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),  # Arch
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),  # Fedora
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
)

WIDTH = 1248  # px; inserted at 156 mm, i.e. 8 px/mm (about 200 dpi)
_PAD = 24
_LABEL_W = 300
_VALUE_W = 150
_TOP = 64  # legend band
_BOTTOM = 56  # tick labels under the axis
_BAR = 30
_GAP = 6
_GROUP_PAD = 18
_TEXT = 24
_LINE = 30  # line height of a wrapped label
_COLOURS = ("#9e1f1f", "#c9a46b")
_INK = "#222222"
_GRID = "#d9d9d9"


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, int] | None:
    """(path, index) of the first CJK font present, or None; looked up once per process."""
    override = os.environ.get("JIXIAO_CJK_FONT")
    candidates = ((override, 0),) if override else FONT_CANDIDATES
    for path, index in candidates:
        if Path(path).is_file():
            return path, index
    return None


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    found = cjk_font()
    assert found is not None  # chart_png checks first
    path, index = found
    try:
        return ImageFont.truetype(path, size, index=index)
    except OSError:  # a .ttf has only face 0
        return ImageFont.truetype(path, size)


def _group_height(chart: Chart) -> int:
    return len(chart.series) * (_BAR + _GAP) - _GAP + 2 * _GROUP_PAD


def chart_size(chart: Chart) -> tuple[int, int]:
    """The PNG's (width, height) in pixels: fixed width, one bar group per label."""
    return WIDTH, _TOP + _group_height(chart) * max(len(chart.labels), 1) + _BOTTOM


def _axis_max(peak: Decimal) -> tuple[Decimal, Decimal]:
    """A round axis end ≥ peak and its tick step (1, 2 or 5 × 10ⁿ, about five ticks)."""
    if peak <= 0:
        return Decimal(1), Decimal("0.2")
    raw = peak / 5
    power = Decimal(10) ** (raw.adjusted())
    step = next(
        m * power for m in (Decimal(1), Decimal(2), Decimal(5), Decimal(10)) if m * power >= raw
    )
    ticks = (peak / step).to_integral_value(rounding=ROUND_CEILING)
    return ticks * step, step


def _wrap(label: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """At most two lines that fit `width`; a longer label ends in "…"."""
    lines, current = [], ""
    for char in label:
        if font.getlength(current + char) > width:
            lines.append(current)
            current = char
        else:
            current += char
    lines.append(current)
    if len(lines) > 2:
        second = lines[1]
        while second and font.getlength(second + "…") > width:
            second = second[:-1]
        lines = [lines[0], second + "…"]
    return lines


def _tick(value: Decimal) -> str:
    return f"{value.normalize():f}"


def chart_png(chart: Chart) -> bytes | None:
    """Horizontal bars from 0, values with two decimals; None without a CJK font."""
    if cjk_font() is None:
        return None
    font, small = _font(_TEXT), _font(_TEXT - 4)
    width, height = chart_size(chart)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    left = _PAD + _LABEL_W
    span = width - left - _VALUE_W - _PAD
    peak = max((v for _, values in chart.series for v in values), default=Decimal(0))
    top_value, step = _axis_max(peak)
    bottom = height - _BOTTOM

    # Legend: a swatch and the series name for each series, then the unit.
    x = left
    for s, (name, _) in enumerate(chart.series):
        draw.rectangle((x, 22, x + 22, 44), fill=_COLOURS[s % 2])
        draw.text((x + 30, 33), name, font=font, fill=_INK, anchor="lm")
        x += 30 + int(font.getlength(name)) + 32
    draw.text((x, 33), f"单位：{chart.unit}", font=font, fill=_INK, anchor="lm")

    # Grid and tick labels, axis from 0.
    tick = Decimal(0)
    while tick <= top_value:
        tx = left + int(span * tick / top_value)
        draw.line((tx, _TOP - 6, tx, bottom), fill=_GRID, width=2)
        draw.text((tx, bottom + 10), _tick(tick), font=small, fill=_INK, anchor="mt")
        tick += step
    draw.line((left, _TOP - 6, left, bottom), fill=_INK, width=2)
    draw.line((left, bottom, left + span, bottom), fill=_INK, width=2)

    group = _group_height(chart)
    for index, label in enumerate(chart.labels):
        top = _TOP + index * group
        lines = _wrap(label, font, _LABEL_W - 16)
        y = top + group / 2 - _LINE * (len(lines) - 1) / 2
        for line in lines:
            draw.text((left - 12, y), line, font=font, fill=_INK, anchor="rm")
            y += _LINE
        for s, (_, values) in enumerate(chart.series):
            value = values[index]
            length = int(span * max(value, Decimal(0)) / top_value)
            y0 = top + _GROUP_PAD + s * (_BAR + _GAP)
            if length > 0:
                draw.rectangle((left, y0, left + length, y0 + _BAR), fill=_COLOURS[s % 2])
            draw.text(
                (left + length + 8, y0 + _BAR / 2),
                f"{value:.2f}",
                font=font,
                fill=_INK,
                anchor="lm",
            )
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
