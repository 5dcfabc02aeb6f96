"""Mutation recall: break claims that hold, one figure at a time, and see the auditor notice.

Why: recall on hand-labelled errors says little when a corpus has two dozen of them. Every
claim that *holds* in the ground truth (a sum, a repeat, a rate) can be broken on purpose —
one figure +1, a rate ±3, two adjacent digits of a total swapped — so that it no longer
holds. A mutant is found when the audit of the changed text has a new arithmetic finding
that touches the changed characters; new arithmetic findings elsewhere are false alarms.
This is the method of ../shared/tools/audit-mutation.py, run in process on the same
`Document` path as every audit (so no subprocess and no JSON round trip).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from jixiao.audit.engine import audit_bytes

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from jixiao.core.grading import GradeBands
    from jixiao.core.problems import Problem

__all__ = ["ARITHMETIC", "Mutant", "MutationReport", "mutants_of", "mutation_corpus"]

ARITHMETIC = frozenset(
    {
        "audit.sum-mismatch",
        "audit.sum-shortfall",
        "audit.repeat-mismatch",
        "audit.rate-mismatch",
        "audit.rate-unsupported",
        "audit.breakdown-incomplete",
    }
)
_NUMBER = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?(?![\d])")
_SCALES = (Decimal(1), Decimal(10000), Decimal("0.0001"))


@dataclass(frozen=True, slots=True)
class Mutant:
    """One changed figure: where, from what to what, and the claim type it breaks."""

    start: int
    end: int
    old: str
    new: str
    kind: str
    text: str


@dataclass(slots=True)
class MutationReport:
    """Mutants made, found and the false alarms they raised, overall and by claim type."""

    made: int = 0
    found: int = 0
    false_alarms: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Found ÷ mutants (0 when none could be made)."""
        return self.found / self.made if self.made else 0.0

    @property
    def alarms_per_mutant(self) -> float:
        """New arithmetic findings away from the change, per mutant."""
        return self.false_alarms / self.made if self.made else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The --json shape: numbers, not strings."""
        return {
            "mutation_recall": round(self.recall, 4),
            "mutants": self.made,
            "found": self.found,
            "false_alarms": self.false_alarms,
            "false_alarms_per_mutant": round(self.alarms_per_mutant, 4),
            "by_type": {k: {"mutants": v[0], "found": v[1]} for k, v in self.by_type.items()},
            "missed": self.missed,
        }


def _dec(value: object) -> Decimal:
    return Decimal(str(value))


def _locate(text: str, quote: str | None, value: object) -> tuple[int, int, str, Decimal] | None:
    """The one number inside `quote` (found in `text`) that states `value`, in any unit."""
    if not quote or value is None:
        return None
    pos = text.find(quote)
    if pos < 0:
        return None
    want = _dec(value)
    hits = []
    for match in _NUMBER.finditer(quote):
        try:
            number = Decimal(match.group(0).replace(",", ""))
        except InvalidOperation:
            continue
        scale = next((s for s in _SCALES if number * s == want), None)
        if scale is not None:
            hits.append((pos + match.start(), pos + match.end(), match.group(0), scale))
    return hits[0] if len(hits) == 1 else None


def _like(raw: str, new: Decimal) -> str:
    """`new` written as `raw` was: same decimal places, separators if it had them."""
    places = len(raw.split(".")[1]) if "." in raw else 0
    value = new.quantize(Decimal(1).scaleb(-places))
    return f"{value:,.{places}f}" if "," in raw else f"{value:.{places}f}"


def _plus(raw: str, is_rate: bool) -> str:
    number = Decimal(raw.replace(",", ""))
    if is_rate:
        return _like(raw, number - 3 if number >= 50 else number + 3)
    return _like(raw, number + 1)


def _swap(raw: str, is_rate: bool) -> str | None:
    chars = list(raw)
    digits = [i for i, c in enumerate(chars) if c.isdigit()]
    for a, b in pairwise(digits):
        if b == a + 1 and chars[a] != chars[b] and not (a == 0 and chars[b] == "0"):
            chars[a], chars[b] = chars[b], chars[a]
            return "".join(chars)
    return None


def _agree(a: Decimal, b: Decimal) -> bool:
    if a == b:
        return True
    for x, y in ((a, b), (b, a)):
        exponent = x.as_tuple().exponent
        if isinstance(exponent, int) and y.quantize(Decimal(1).scaleb(min(exponent, 0))) == x:
            return True
    return False


def _broken(claim: dict[str, Any], role: str, index: int, new: Decimal) -> bool:
    """Whether the claim no longer holds once the figure is `new`."""
    kind = claim["type"]
    if kind == "sum":
        total = _dec(claim["total"]["value"])
        parts = [_dec(p["value"]) for p in claim["parts"]]
        if role == "total":
            total = new
        else:
            parts[index] = new * (-1 if parts[index] < 0 else 1)
        return abs(total - sum(parts, Decimal(0))) > Decimal("0.01")
    if kind == "repeat":
        values = [_dec(v) for v in claim["values"]]
        values[index] = new
        return any(not _agree(a, b) for i, a in enumerate(values) for b in values[i + 1 :])
    num, den = _dec(claim["numerator"]), _dec(claim["denominator"])
    if den == 0:
        return False
    exponent = new.as_tuple().exponent
    half = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0) / 2
    return abs(num * 100 / den - new) > half


def _targets(claim: dict[str, Any]) -> Iterator[tuple[str, int, str | None, object]]:
    kind = claim["type"]
    if kind == "sum":
        yield "total", -1, claim["total"].get("quote"), claim["total"]["value"]
        ordered = sorted(enumerate(claim["parts"]), key=lambda ip: -abs(ip[1]["value"]))
        for i, part in ordered:
            yield "part", i, part.get("quote"), abs(part["value"])
    elif kind == "repeat":
        quotes = claim.get("quotes", [])
        for i in range(len(quotes) - 1, -1, -1):
            yield "value", i, quotes[i], claim["values"][i]
    elif kind == "rate":
        yield "stated", -1, claim.get("quote"), claim["stated"]


def mutants_of(text: str, truth: dict[str, Any]) -> list[Mutant]:
    """Every mutant of a text: per holding claim, one per figure class (total, part, value)."""
    out: list[Mutant] = []
    for claim in truth.get("claims", []):
        if claim.get("holds") is not True or claim.get("type") not in {"sum", "repeat", "rate"}:
            continue
        done: set[str] = set()
        for role, index, quote, value in _targets(claim):
            where = _locate(text, quote, value)
            group = "total" if role in {"total", "stated"} else role
            if where is None or group in done:
                continue
            start, end, raw, scale = where
            for name, op in (("plus", _plus), ("swap", _swap)):
                if name == "swap" and group == "part":
                    continue
                new = op(raw, claim["type"] == "rate")
                if not new or new == raw:
                    continue
                if not _broken(claim, role, index, Decimal(new.replace(",", "")) * scale):
                    continue
                changed = text[:start] + new + text[end:]
                out.append(Mutant(start, start + len(new), raw, new, claim["type"], changed))
                done.add(group)
    return out


def _spans(problem: Problem) -> list[tuple[int, int]]:
    locations = [problem.location, *(f.location for f in problem.figures), *problem.related]
    return [
        (loc.start, loc.end)
        for loc in locations
        if loc is not None and loc.start is not None and loc.end is not None
    ]


def _arithmetic(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.code in ARITHMETIC]


def mutation_corpus(directory: Path, bands: GradeBands | None = None) -> MutationReport:
    """Mutate every NNN.txt that has an NNN.json next to it and audit each mutant."""
    report = MutationReport()
    for truth_path in sorted(directory.glob("*.json")):
        text_path = truth_path.with_suffix(".txt")
        if not text_path.exists():
            continue
        text = text_path.read_text("utf-8")
        base = audit_bytes(text_path.name, text.encode("utf-8"), bands)
        seen = {(p.code, p.message) for p in base.problems}
        for mutant in mutants_of(text, json.loads(truth_path.read_text("utf-8"))):
            result = audit_bytes(text_path.name, mutant.text.encode("utf-8"), bands)
            new = [p for p in _arithmetic(result.problems) if (p.code, p.message) not in seen]
            hit = [p for p in new if any(s < mutant.end and mutant.start < e for s, e in _spans(p))]
            report.made += 1
            report.found += bool(hit)
            report.false_alarms += len(new) - len(hit)
            counts = report.by_type.setdefault(mutant.kind, [0, 0])
            counts[0] += 1
            counts[1] += bool(hit)
            if not hit:
                report.missed.append(
                    f"{text_path.name}:{mutant.start} {mutant.kind} {mutant.old}→{mutant.new}"
                )
    return report
