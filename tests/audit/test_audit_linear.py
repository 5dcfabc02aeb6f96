"""Passes over long paragraphs stay linear: bounded by counted work, never by time.

Why count: a pass that rescans its paragraph for every figure is fast on a page and takes
a minute on a 10,000-figure table. Each test counts the lines of the pass's module that
run (a trace, so comprehensions and inner loops count too) on an input and on one twice
as long, and requires the count to grow no faster than the input.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from jixiao.audit import claims, scoregrid
from jixiao.audit.figures import extract_figures
from jixiao.formats.document import read_bytes

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType


def _lines_run(module_file: str, call: Callable[[], Any]) -> tuple[int, Any]:
    """Lines of `module_file` executed by `call`, and what it returned."""
    count = [0]

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        if frame.f_code.co_filename != module_file:
            return None
        if event == "line":
            count[0] += 1
        return tracer

    sys.settrace(tracer)
    try:
        result = call()
    finally:
        sys.settrace(None)
    return count[0], result


def _bracket_work(items: int) -> tuple[int, int]:
    text = "，".join(
        f"第{i}组拨付{i + 2}万元（当年资金1万元，结转{i + 1}万元）" for i in range(items)
    )
    doc = read_bytes("long.txt", (text + "。\n").encode())
    figs = extract_figures(doc)
    lines, found = _lines_run(claims.__file__, lambda: claims._brackets(doc, figs, set()))
    return lines, len(found)


def test_bracketed_splits_of_a_long_sentence_take_linear_work() -> None:
    small, found_small = _bracket_work(300)
    large, found_large = _bracket_work(600)
    assert (found_small, found_large) == (300, 600)  # every bracket read as a split
    assert large <= 2.2 * small  # quadratic work would be about 4×


_NAMES = "甲乙丙丁戊己庚辛壬癸"


def _caption_work(groups: int) -> tuple[int, int]:
    # Captions glued one after another under one parent: the run of children sharing a
    # name ending reaches to the end of the table.
    text = "总体(100分)" + "".join(f"{_NAMES[i % 10]}类考核事项(1分)" for i in range(groups))
    doc = read_bytes("grid.txt", (text + "\n").encode())
    by_start = {f.start: f for f in extract_figures(doc)}
    para = doc.paragraphs[0]
    lines, found = _lines_run(
        scoregrid.__file__, lambda: scoregrid._nested(doc.para_text(para), para.start, by_start)
    )
    return lines, len(found)


def test_glued_score_captions_take_linear_work() -> None:
    small, found_small = _caption_work(300)
    large, found_large = _caption_work(600)
    assert found_small == found_large == 1  # the one parent over its run of children
    assert 0 < large <= 2.2 * small
