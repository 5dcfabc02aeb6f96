"""Score the auditor against a hand-checked corpus, exactly as corpus/FORMAT.md defines it.

- A claim with `holds: false` is found when a finding of the same type involves the same
  figures: for `sum` the total's value and the parts' sum (or the difference); for `rate`
  the stated rate; for `repeat` at least two of the differing values; for `grade` the score.
- Recall = found ÷ claims with `holds: false`.
- Precision = inconsistency findings that match a `holds: false` claim ÷ all
  inconsistency findings. The others are false alarms, listed with a note when they
  match a `holds: true` claim (the ground truth may then be the one that is wrong).
- `other_findings` are counted apart: found when some finding quotes text that overlaps
  one of the finding's quotes.
Ground truth is read only from the corpus JSON; the auditor's output is only compared.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.audit.consistency import agree
from jixiao.audit.engine import audit_path
from jixiao.core.codes import lookup
from jixiao.core.money import DEFAULT_TOLERANCE, UNIT_FACTORS

if TYPE_CHECKING:
    from pathlib import Path

    from jixiao.core.grading import GradeBands
    from jixiao.core.problems import Problem

__all__ = ["EvalReport", "FileEval", "evaluate_corpus", "finding_type", "matches"]

TOLERANCE = DEFAULT_TOLERANCE  # the one tolerance (core.money)
CLAIM_TYPES = ("sum", "rate", "repeat", "grade")


def finding_type(problem: Problem) -> str | None:
    """The claim type an inconsistency finding tests (from its catalogue tags), else None."""
    tags = lookup(problem.code).tags
    if "inconsistency" not in tags:
        return None
    return next((t for t in CLAIM_TYPES if t in tags), None)


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _factor(claim: dict[str, Any]) -> Decimal:
    """The claim's money unit as a factor to 万元 (the auditor reports amounts in 万元).

    Ground truth keeps each figure in the unit the report wrote ("2026400元"), so the
    comparison converts through the one unit table; counts and other units stay as they are.
    """
    total = claim.get("total")
    unit = str((total.get("unit") if isinstance(total, dict) else None) or claim.get("unit") or "")
    return UNIT_FACTORS.get(unit, Decimal(1))


def _close(a: Decimal | None, b: Decimal | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= TOLERANCE


def _values(problem: Problem) -> list[Decimal]:
    return [f.value for f in problem.figures if f.value is not None]


def matches(problem: Problem, claim: dict[str, Any]) -> bool:
    """Whether a finding reports the inconsistency a claim describes (FORMAT.md)."""
    kind = finding_type(problem)
    if kind != claim.get("type"):
        return False
    factor = _factor(claim)
    if kind == "sum":
        total, parts_sum, diff = (
            None if v is None else v * factor
            for v in (
                _dec(claim["total"]["value"]),
                _dec(claim.get("parts_sum")),
                _dec(claim.get("diff")),
            )
        )
        if (
            not _close(problem.expected, total)
            or problem.actual is None
            or problem.expected is None
        ):
            return False
        gap = abs(problem.actual - problem.expected)
        return _close(problem.actual, parts_sum) or (diff is not None and _close(gap, abs(diff)))
    if kind == "rate":
        return _close(problem.actual, _dec(claim.get("stated")))
    if kind == "grade":
        return _close(problem.actual, _dec(claim.get("score")))
    distinct: list[Decimal] = []
    for raw in claim.get("values", []):
        value = Decimal(str(raw)) * factor
        if not any(agree(value, seen) for seen in distinct):
            distinct.append(value)
    found = [v for v in distinct if any(agree(v, w) for w in _values(problem))]
    return len(found) >= 2


@dataclass(slots=True)
class FileEval:
    """One corpus file: what was missed, what was raised in vain, other findings."""

    name: str
    inconsistent: int = 0
    found: int = 0
    findings: int = 0
    matched_findings: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[tuple[Problem, str]] = field(default_factory=list)
    other_total: int = 0
    other_found: int = 0
    other_missed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class EvalReport:
    """Corpus totals and the per-file detail."""

    files: list[FileEval]

    def _sum(self, name: str) -> int:
        return sum(int(getattr(f, name)) for f in self.files)

    @property
    def recall(self) -> Decimal:
        """Found ÷ claims with holds: false (1 when there are none)."""
        total = self._sum("inconsistent")
        return Decimal(self._sum("found")) / total if total else Decimal(1)

    @property
    def precision(self) -> Decimal:
        """Findings matching a holds: false claim ÷ all inconsistency findings."""
        total = self._sum("findings")
        return Decimal(self._sum("matched_findings")) / total if total else Decimal(1)

    def to_dict(self) -> dict[str, Any]:
        """The --json shape of the evaluation."""
        return {
            "recall": float(round(self.recall, 4)),
            "precision": float(round(self.precision, 4)),
            "inconsistent_claims": self._sum("inconsistent"),
            "found": self._sum("found"),
            "inconsistency_findings": self._sum("findings"),
            "matching_findings": self._sum("matched_findings"),
            "other_findings": {
                "found": self._sum("other_found"),
                "total": self._sum("other_total"),
            },
            "files": [
                {
                    "name": f.name,
                    "misses": [c.get("label", c.get("type")) for c in f.misses],
                    "false_alarms": [
                        {"code": p.code, "message": p.message, "note": n} for p, n in f.false_alarms
                    ],
                    "other_findings": {
                        "found": f.other_found,
                        "total": f.other_total,
                        "missed": f.other_missed,
                    },
                }
                for f in self.files
            ],
        }


_QUOTED = re.compile(r"“([^”]{2,60})”")


def _quotes(item: dict[str, Any]) -> list[str]:
    quotes = [q for q in item.get("quotes", []) if isinstance(q, str)]
    if isinstance(item.get("quote"), str):
        quotes.append(item["quote"])
    return quotes or _QUOTED.findall(str(item.get("detail", "")))


def _spans(problem: Problem) -> list[tuple[int, int]]:
    locations = [problem.location, *problem.related]
    return [
        (loc.start, loc.end) for loc in locations if loc.start is not None and loc.end is not None
    ]


def _other_found(text: str, item: dict[str, Any], problems: list[Problem]) -> bool:
    spans = [s for p in problems for s in _spans(p)]
    for quote in _quotes(item):
        pos = text.find(quote)
        while pos >= 0:
            if any(s < pos + len(quote) and pos < e for s, e in spans):
                return True
            pos = text.find(quote, pos + 1)
    return False


def evaluate_file(text_path: Path, truth_path: Path, bands: GradeBands | None = None) -> FileEval:
    """Audit one corpus text and compare with its ground truth."""
    truth = json.loads(truth_path.read_text("utf-8"))
    result = audit_path(text_path, bands)
    text = result.document.text if result.document else ""
    report = FileEval(text_path.name)
    claims = truth.get("claims", [])
    wrong = [c for c in claims if c.get("holds") is False]
    right = [c for c in claims if c.get("holds") is True]
    findings = [p for p in result.problems if finding_type(p) is not None]
    report.inconsistent, report.findings = len(wrong), len(findings)
    for claim in wrong:
        if any(matches(p, claim) for p in findings):
            report.found += 1
        else:
            report.misses.append(claim)
    for problem in findings:
        if any(matches(problem, c) for c in wrong):
            report.matched_findings += 1
            continue
        twin = next((c for c in right if matches(problem, {**c, "holds": False})), None)
        note = (
            f"与 holds:true 的「{twin.get('label', twin['type'])}」相符，标注可能有误"
            if twin
            else ""
        )
        report.false_alarms.append((problem, note))
    others = truth.get("other_findings", [])
    report.other_total = len(others)
    for item in others:
        if _other_found(text, item, result.problems):
            report.other_found += 1
        else:
            report.other_missed.append(str(item.get("kind") or item.get("detail", ""))[:60])
    return report


def evaluate_corpus(directory: Path, bands: GradeBands | None = None) -> EvalReport:
    """Evaluate every NNN.txt that has an NNN.json next to it."""
    files = []
    for truth_path in sorted(directory.glob("*.json")):
        text_path = truth_path.with_suffix(".txt")
        if text_path.exists():
            files.append(evaluate_file(text_path, truth_path, bands))
    return EvalReport(files)
