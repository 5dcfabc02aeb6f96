"""The evaluation harness over the hand-checked corpus, and its matching rules."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import SHARED

from jixiao.audit.evaluate import evaluate_corpus, matches
from jixiao.core.problems import Figure, Location, make
from jixiao.rules import grade_bands

CORPUS = SHARED / "corpus" / "dev"


def test_dev_corpus_recall_and_precision() -> None:
    assert (CORPUS / "seed.json").exists(), f"corpus missing at {CORPUS}"
    report = evaluate_corpus(CORPUS, grade_bands())
    data = report.to_dict()
    assert data["inconsistent_claims"] >= 11
    assert report.recall >= Decimal("0.90"), data
    assert report.precision >= Decimal("0.90"), data


def test_seed_findings() -> None:
    from jixiao.audit import audit_path

    result = audit_path(CORPUS / "seed.txt", grade_bands())
    sums = {(p.expected, p.actual) for p in result.problems if p.code == "audit.sum-mismatch"}
    assert (Decimal("5465.60"), Decimal("5149.16")) in sums
    assert (Decimal("5465.60"), Decimal("5409.82")) in sums
    assert (Decimal("3879.77"), Decimal("5211.46")) in sums
    repeats = [p for p in result.problems if p.code == "audit.repeat-mismatch"]
    assert any(
        {Decimal("1269.39"), Decimal("1201.79")} <= {f.value for f in p.figures} for p in repeats
    )
    codes = {p.code for p in result.problems}
    assert {"audit.numbering-style", "audit.year-mismatch", "audit.leftover"} <= codes
    assert {"audit.rate-unsupported", "audit.score-despite-errors"} <= codes
    quotes = " ".join(p.location.quote or "" for p in result.problems)
    assert "C:\\Users\\Administrator" in quotes and "预算收入完成率100%" in quotes
    assert "2023年度司法行政先进工作单位" in quotes and "得分100分" in quotes


def _sum_problem(total: str, parts_sum: str) -> object:
    return make(
        "audit.sum-mismatch",
        Location(),
        figures=[Figure("t", Decimal(total))],
        expected=Decimal(total),
        actual=Decimal(parts_sum),
        total_label="t",
        total=total,
        parts="p",
        parts_sum=parts_sum,
        unit="万元",
        gap="0",
    )


def test_sum_matching_uses_total_and_parts_sum_or_difference() -> None:
    claim = {"type": "sum", "total": {"value": 5465.6}, "parts_sum": 5149.16, "diff": 316.44}
    assert matches(_sum_problem("5465.60", "5149.16"), claim)  # type: ignore[arg-type]
    assert not matches(_sum_problem("5465.60", "5409.82"), claim)  # type: ignore[arg-type]
    assert not matches(_sum_problem("3879.77", "5149.16"), claim)  # type: ignore[arg-type]


def test_repeat_matching_needs_two_differing_values() -> None:
    problem = make(
        "audit.repeat-mismatch",
        Location(),
        figures=[Figure("a", Decimal("1269.39")), Figure("b", Decimal("1201.79"))],
        label="项目支出",
        values="…",
    )
    assert matches(problem, {"type": "repeat", "values": [1269.39, 1201.79, 1201.79]})
    assert not matches(problem, {"type": "repeat", "values": [1269.39, 1269.39, 99]})
    assert not matches(problem, {"type": "sum", "total": {"value": 1}, "parts_sum": 2})
