"""The project has one tolerance (core.money.DEFAULT_TOLERANCE); every text agrees with it.

Rule files and docs are read as text: wherever they speak of a tolerance (容差, 误差,
tolerance), each number beside the word must be the core value, and no rule file may
state a second one (such as the review rules' old "0.5分容差" for stated scores, which
the scoring check dropped: a stated score agrees only by rounding).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.money import DEFAULT_TOLERANCE
from jixiao.rules.profiles import load_options
from jixiao.rules.reader import available
from jixiao.rules.review import load_review_rules

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted(
    [
        *(ROOT / "src/jixiao/rules").rglob("*.yaml"),
        *(ROOT / "docs").glob("*.md"),
        ROOT / "README.md",
        *(ROOT / "src/jixiao/web").rglob("*.html"),
    ]
)
WORD = re.compile(r"容差|误差|tolerance", re.IGNORECASE)
NUMBER = re.compile(r"(?<![\d.§])\d+(?:\.\d+)?(?![\d.])")
NEAR = 12
"""Characters either side of the word within which a number is the tolerance's value."""


def stated_tolerances(text: str) -> list[tuple[int, str]]:
    """(line, number) for each number written beside a tolerance word."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for word in WORD.finditer(line):
            window = line[max(0, word.start() - NEAR) : word.end() + NEAR]
            if "浮点" in window:  # "避免浮点误差" is about writing numbers, not a tolerance
                continue
            found += [(number, m.group()) for m in NUMBER.finditer(window)]
    return found


def test_the_reading_catches_a_second_tolerance() -> None:
    assert stated_tolerances("先减去0.5分容差") == [(1, "0.5")]
    assert stated_tolerances("tolerance: 0.5") == [(1, "0.5")]
    assert stated_tolerances("±0.01 为四舍五入误差") == [(1, "0.01")]
    assert stated_tolerances("按 RULES.md §1.1 不另设容差") == []


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_text_states_the_one_tolerance(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {value}"
        for line, value in stated_tolerances(text)
        if Decimal(value) != DEFAULT_TOLERANCE
    ]
    assert not wrong, f"容差应为 {DEFAULT_TOLERANCE}：" + "；".join(wrong)


def test_no_rule_file_names_a_second_tolerance_key() -> None:
    files = list((ROOT / "src/jixiao/rules").rglob("*.yaml"))
    assert files
    named = [str(p.relative_to(ROOT)) for p in files if "stated_tolerance" in p.read_text("utf-8")]
    assert not named


@pytest.mark.parametrize("profile", sorted(available("profiles")))
def test_every_profile_uses_the_core_tolerance(profile: str) -> None:
    assert load_options(profile).tolerance == DEFAULT_TOLERANCE


@pytest.mark.parametrize("rules", sorted(available("review")))
def test_score_gap_has_no_tolerance_of_its_own(rules: str) -> None:
    factor = load_review_rules(rules).sampling.factors["score_gap"]
    assert factor.threshold == 0
