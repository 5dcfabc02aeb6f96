"""Scoring gives, byte for byte, the JSON it gave before the engine was made faster.

Why: the engine is tuned for throughput (bench/scoring_bench.py), and each tuning step
must not change a score, a deduction, a problem or any text. 600 seeded random projects
(every project framework; met, missed, over-achieved, qualitative, missing and odd values,
weights that do not add up, budgets with zeros and gaps, stated scores and grades) are
scored and serialised as `jixiao score --json` writes them (score_to_dict, and the
problems both in the engine's order and as the CLI document sorts them); the SHA-256 of
each is compared with the digest recorded from commit 23efed3, before the tuning (recorded
again as compact JSON on a commit whose indented JSON still matched those digests).

A deliberate change of the engine's output fails this test; an intended one (a new rule,
a reworded message) is recorded again with
`uv run python tests/scoring/test_unchanged.py --write`, naming the reason in the commit.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from jixiao.core.framework import (
    FrameworkKind,
    LeFormula,
    MissingActual,
    OverPolicy,
    PerPoint,
    QualDefault,
    Rounding,
    WeightsMismatch,
    ZeroBudget,
)
from jixiao.core.model import Project
from jixiao.core.problems import problem_to_dict, problems_to_dict
from jixiao.core.scoring import score_project, score_to_dict
from jixiao.rules.frameworks import available_frameworks, load_framework

if TYPE_CHECKING:
    from jixiao.core.framework import Framework

DIGESTS = Path(__file__).with_name("unchanged_digests.json")
COUNT = 600

LEVELS = ["产出指标", "效益指标", "满意度指标", "成本指标", "产出", "效益", "其他", "投入", "过程"]
QUALITATIVE = ["达成年度指标", "部分达成", "未达成年度指标且效果较差", "说不清", ""]


def _number(rng: random.Random) -> object:
    kind = rng.randrange(6)
    if kind == 0:
        return rng.randrange(0, 300)
    if kind == 1:
        return Decimal(rng.randrange(0, 30000)).scaleb(-2)
    if kind == 2:
        return rng.choice(["60", "65.01", "75.01", "120.01", "130", "130.01", "260.01", "0"])
    if kind == 3:
        return Decimal(rng.randrange(1, 10**9)).scaleb(-rng.randrange(0, 7))
    return rng.randrange(90, 110)


def _indicator(rng: random.Random) -> dict[str, object]:
    qualitative = rng.random() < 0.2
    target: str | None = (
        "定性"
        if qualitative
        else f"{rng.choice('≥≥≥≤=><')}{rng.choice([0, 1, 5, 50, 77, 100, 1000])}"
    )
    actual: object = rng.choice(QUALITATIVE) if qualitative else _number(rng)
    if rng.random() < 0.08:
        actual = rng.choice([None, "", "说不清", 12])
    if rng.random() < 0.04:
        target = None  # no target at all
    # "10.0" and "10" are equal but shown differently: which one a minimum keeps matters.
    weight = rng.choice(
        [
            None,
            0,
            2,
            5,
            10,
            10,
            10,
            Decimal("2.5"),
            Decimal("3.33"),
            Decimal("10.0"),
            Decimal("5.00"),
        ]
    )
    stated = rng.choice([None, None, weight, 0, Decimal("7.5"), Decimal("9.99"), 9, 11])
    return {
        "level1": rng.choice(LEVELS),
        "level2": rng.choice(["数量指标", "质量指标", "成本指标", ""]),
        "name": rng.choice(["案件数", "合格率", "按期完成", "知晓率", "满意度"])
        + str(rng.randrange(9)),
        "unit": rng.choice(["", "%", "件", "元"]),
        "target": target,
        "actual": actual,
        "weight": weight,
        "stated_score": stated,
        "deviation_reason": rng.choice(["", "", "人手不足", " "]),
    }


def _fill(rng: random.Random, indicators: list[dict[str, object]]) -> None:
    """Mostly groups that add up (10/50/30/10-like), as real forms have."""
    if rng.random() < 0.3:
        return
    for level, total in (("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)):
        given = sum(
            Decimal(str(i["weight"]))
            for i in indicators
            if i["level1"] == level and i["weight"] is not None
        )
        if given < total:
            indicators.append(
                {
                    "level1": level,
                    "name": "补足",
                    "target": "≥1",
                    "actual": 1,
                    "weight": Decimal(total - given).quantize(
                        Decimal(rng.choice(["1", "0.1", "0.01"]))
                    ),
                }
            )


def _budget(rng: random.Random) -> dict[str, object]:
    kind = rng.randrange(8)
    if kind == 0:
        return {}
    if kind == 1:
        return {"full_year": 0, "executed": rng.choice([0, 5])}
    if kind == 2:
        return {"full_year": 100}
    full = Decimal(rng.randrange(1, 10**7)).scaleb(-2)
    return {"full_year": full, "executed": full * Decimal(rng.randrange(50, 130)) / 100}


def project(seed: int) -> Project | None:
    """The seed-th random project (None when the random data is not a valid project)."""
    rng = random.Random(seed)
    indicators = [_indicator(rng) for _ in range(rng.randrange(0, 13))]
    _fill(rng, indicators)
    data = {
        "name": f"项目{seed}",
        "budget": _budget(rng),
        "indicators": indicators,
        "stated_score": rng.choice([None, None, 95, Decimal("88.5"), 60, 100]),
        "stated_grade": rng.choice([None, None, "优", "良", "中", "差"]),
    }
    try:
        return Project.model_validate(data)
    except ValidationError:
        return None


def serialised(seed: int) -> list[str]:
    """Under each project framework, the JSON of the seed-th project's score and problems."""
    item = project(seed)
    if item is None:
        return []
    out = []
    for fw in FRAMEWORKS:
        score, problems = score_project(item, seed, fw)
        document = {
            "score": score_to_dict(score),
            "problems": [problem_to_dict(p) for p in problems],
            "cli": problems_to_dict(problems, source="x.yaml"),
        }
        # Compact: the same document as `--json` writes, without its indentation, which is
        # formatting only and would run json's pure-Python encoder (~1 s over 600 seeds).
        out.append(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
    return out


def digests() -> dict[str, str]:
    """seed → SHA-256 of its serialised scores (empty string for an invalid project)."""
    return {
        str(seed): hashlib.sha256("\n".join(serialised(seed)).encode()).hexdigest()
        for seed in range(COUNT)
    }


def _frameworks() -> list[Framework]:
    """Every project framework, and the national one with each open choice turned over."""
    found = [
        fw
        for fw in (load_framework(path.stem) for path in sorted(available_frameworks()))
        if fw.kind is FrameworkKind.PROJECT
    ]
    turned = replace(
        load_framework("national-2020-project"),
        id="national-2020-project/turned",
        over_policy=OverPolicy.DEDUCT,
        weights_mismatch=WeightsMismatch.AS_ALLOCATED,
        missing_actual=MissingActual.RESCALE,
        rounding=Rounding.TOTAL,
        zero_budget=ZeroBudget.FULL_IF_UNSPENT,
        qual_default=QualDefault.BOTTOM,
        le_formula=LeFormula.INVERSE,
        per_point=PerPoint.WHOLE,
    )
    return [*found, turned]


FRAMEWORKS = _frameworks()


def test_scores_are_unchanged() -> None:
    recorded: dict[str, Any] = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert recorded["frameworks"] == [fw.id for fw in FRAMEWORKS]
    now = digests()
    changed = [seed for seed, digest in recorded["digests"].items() if now[seed] != digest]
    assert not changed, f"scores differ for seeds {changed[:10]} (see serialised(seed))"


def test_the_sample_covers_the_engine() -> None:
    """The seeds reach deductions and the findings the tuning touched (not a vacuous check)."""
    codes: set[str] = set()
    deductions = 0
    for seed in range(0, COUNT, 3):
        for text in serialised(seed):
            document = json.loads(text)
            codes.update(p["code"] for p in document["problems"])
            deductions += len(document["score"]["deductions"])
    assert deductions > 500
    assert {
        "scoring.no-reason",
        "scoring.over-achievement",
        "scoring.weights-mismatch",
        "scoring.missing-actual",
        "scoring.qualitative-default",
        "scoring.qualitative-out-of-band",
        "scoring.indicator-score-differs",
        "scoring.stated-score-differs",
        "scoring.stated-grade-differs",
        "scoring.unmatched-indicator",
        "scoring.level-moved",
        "scoring.missing-figure",
        "scoring.zero-base",
        "scoring.inflation",
        "scoring.over-achievement-deduction",
        "scoring.missing-actual-dropped",
        "scoring.missing-target",
    } <= codes


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    body = {"frameworks": [fw.id for fw in FRAMEWORKS], "digests": digests()}
    DIGESTS.write_text(json.dumps(body, indent=0) + "\n", encoding="utf-8")
