"""The audited document's text cut into plain and highlighted pieces for a template.

Built from the stored problem JSON (start/end offsets of each finding's evidence and of
its related places), so a run reopened months later highlights exactly what was found.
Overlaps are resolved as in `jixiao audit --html` (the first finding keeps its span), but
a finding whose whole span is taken still marks its free figures (a total inside a sentence
another finding already marked), so every finding's own numbers stay visible.
The template escapes every piece and wraps findings in <mark> (no inline styles: CSP).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Piece", "pieces"]


@dataclass(frozen=True)
class Piece:
    """A run of text; `number` (1-based finding) and `severity` are set when marked."""

    text: str
    number: int = 0
    severity: str = ""


def _spans(problems: list[dict[str, Any]], length: int) -> list[tuple[int, int, str, int]]:
    taken = bytearray(length + 1)
    spans: list[tuple[int, int, str, int]] = []
    for number, problem in enumerate(problems, 1):
        figures = [f.get("location") or {} for f in problem.get("figures") or []]
        for loc in (problem.get("location") or {}, *(problem.get("related") or []), *figures):
            start, end = loc.get("start"), loc.get("end")
            if not isinstance(start, int) or not isinstance(end, int):
                continue
            if start < 0 or end <= start or end > length or any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            spans.append((start, end, str(problem.get("severity", "info")), number))
    return sorted(spans)


def pieces(text: str, problems: list[dict[str, Any]]) -> list[Piece]:
    """The text in order, with each finding's evidence as its own marked piece."""
    out: list[Piece] = []
    pos = 0
    for start, end, severity, number in _spans(problems, len(text)):
        if start > pos:
            out.append(Piece(text[pos:start]))
        out.append(Piece(text[start:end], number, severity))
        pos = end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return out
