"""The one rule reader: one hostile file per `rules.` code, and one search path for every kind.

Each case is a small rule file written inline; the problem must carry its code, the file
and the line of the offending key, as a region fixing its file would need.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from tests.conftest import EXAMPLES

from jixiao.core.codes import all_codes
from jixiao.core.model import Grade
from jixiao.core.problems import UnreadableError
from jixiao.pipeline import evaluate, load, render
from jixiao.rules import grade_bands, leftover_patterns
from jixiao.rules.frameworks import load_framework
from jixiao.rules.grades import read_grade_bands
from jixiao.rules.leftovers import read_leftovers
from jixiao.rules.profiles import load_options
from jixiao.rules.reader import BUILTIN_DIR, RuleReader, available
from jixiao.rules.reports import load_report_rules
from jixiao.rules.review import load_review_rules

if TYPE_CHECKING:
    from collections.abc import Callable

BANDS = """id: x
reference: 测试
years: [2020, 2099]
status: SEEN
bands:
  - {grade: 优, min: "90"}
  - {grade: 良, min: "80"}
  - {grade: 中, min: "60"}
  - {grade: 差, min: "0"}
"""
LEFTOVERS = """id: x
reference: 测试
status: PRACTICE
patterns:
  - {kind: leftover, label: 占位符, regex: 'XX年'}
"""


@dataclass(frozen=True)
class Case:
    code: str
    text: str
    key: str
    line: int | None
    parse: Callable[[RuleReader], Any] = read_grade_bands


CASES = [
    Case("rules.missing", BANDS.replace("bands:\n", "other:\n").split("other:")[0], "bands", None),
    Case(
        "rules.wrong-type",
        BANDS.replace("status: SEEN", "status: SEEN\nbands: 3").split("bands:\n")[0],
        "bands",
        5,
    ),
    Case("rules.not-a-number", BANDS.replace('min: "80"', "min: 八十"), "bands[1].min", 7),
    Case("rules.out-of-range", BANDS.replace('min: "0"', 'min: "-1"'), "bands[3].min", 9),
    Case("rules.bad-choice", BANDS.replace("status: SEEN", "status: MAYBE"), "status", 4),
    Case("rules.bad-years", BANDS.replace("[2020, 2099]", "[2099, 2020]"), "years", 3),
    Case("rules.bad-entry", BANDS.replace('{grade: 良, min: "80"}', "良"), "bands[1]", 7),
    Case("rules.grade-set", BANDS.replace("grade: 良", "grade: 优"), "bands", 6),
    Case("rules.band-order", BANDS.replace('min: "80"', 'min: "95"'), "bands", 6),
    Case("rules.unknown-key", BANDS + "note: x\n", "note", 10),
    Case("rules.missing-reference", BANDS.replace("reference: 测试\n", ""), "", 1),
    Case(
        "rules.bad-pattern",
        LEFTOVERS.replace("'XX年'", "'(XX年'"),
        "patterns[0].regex",
        5,
        read_leftovers,
    ),
]

ELSEWHERE = {
    # Codes whose natural fixture is a kind with its own loader: tested below by name.
    "rules.duplicate": "test_review_duplicate_grade",
    "rules.inconsistent": "test_framework_level_without_indicators",
    "rules.not-found": "test_unknown_id_lists_what_there_is",
}


def _problems(tmp_path: Path, text: str, parse: Callable[[RuleReader], Any]) -> list[Any]:
    file = tmp_path / "rule.yaml"
    file.write_text(text, encoding="utf-8")
    reader = RuleReader.open(file)
    parse(reader)
    return reader.problems


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_each_rule_code_fires_at_its_key_and_line(case: Case, tmp_path: Path) -> None:
    problems = _problems(tmp_path, case.text, case.parse)
    matching = [p for p in problems if p.code == case.code and p.location.path == case.key]
    assert matching, [(p.code, p.location.path) for p in problems]
    assert matching[0].location.file == str(tmp_path / "rule.yaml")
    if case.line is not None:
        assert matching[0].location.line == case.line
    assert "rule.yaml" in matching[0].message


def test_every_rule_code_has_a_fixture() -> None:
    owned = {c.code for c in all_codes() if c.code.startswith("rules.")}
    assert owned == {c.code for c in CASES} | set(ELSEWHERE)
    assert all(name in globals() for name in ELSEWHERE.values())


def test_review_duplicate_grade(tmp_path: Path) -> None:
    text = (BUILTIN_DIR / "review" / "default.yaml").read_text(encoding="utf-8")
    text = text.replace("    良:\n", "    优秀:\n", 1)
    file = tmp_path / "review.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableError) as caught:
        load_review_rules(str(file))
    codes = {p.code for p in caught.value.problems}
    assert {"rules.duplicate", "rules.grade-set"} <= codes


def test_framework_level_without_indicators(tmp_path: Path) -> None:
    text = (BUILTIN_DIR / "frameworks" / "national-2020-project.yaml").read_text(encoding="utf-8")
    text = text.replace("    unit: {name: 效益指标, match: [效益指标, 效益]}\n", "")
    file = tmp_path / "fw.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableError) as caught:
        load_framework(str(file))
    [problem] = [p for p in caught.value.problems if p.code == "rules.inconsistent"]
    assert problem.location.path == "levels[2]" and "效益指标" in problem.message


def test_unknown_id_lists_what_there_is() -> None:
    with pytest.raises(UnreadableError) as caught:
        grade_bands("no-such-bands")
    [problem] = caught.value.problems
    assert problem.code == "rules.not-found" and "national" in problem.message


def test_the_one_set_of_grade_bands() -> None:
    bands = grade_bands()
    assert [(b.grade, str(b.min_score)) for b in bands.bands] == [
        (Grade.EXCELLENT, "90"),
        (Grade.GOOD, "80"),
        (Grade.FAIR, "60"),
        (Grade.POOR, "0"),
    ]
    assert bands.basis is not None and "RULES.md §1.7" in bands.reference
    assert bands.band_of("合格") is bands.bands[2] and bands.band_of("优秀") is bands.bands[0]
    assert bands.band_for(Decimal("89.99")).grade is Grade.GOOD
    # The profile and every shipped framework use this very file.
    assert load_options().grade_bands == bands
    assert all(load_framework(name).grade_bands == bands for name in available("frameworks"))


def test_leftover_patterns_are_data() -> None:
    patterns = leftover_patterns()
    assert {p.kind for p in patterns} == {"local-path", "leftover"}
    assert load_options().leftovers == patterns
    assert any(p.pattern.search(r"C:\Users\Administrator\Desktop\a.png") for p in patterns)


def _region(tmp_path: Path, kind: str, name: str, text: str) -> None:
    (tmp_path / kind).mkdir(parents=True, exist_ok=True)
    (tmp_path / kind / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_a_region_overrides_bands_leftovers_and_report_rules_without_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _region(tmp_path, "grades", "national", BANDS.replace('min: "90"', 'min: "95"'))
    _region(tmp_path, "leftovers", "default", LEFTOVERS.replace("XX年", "某某单位"))
    _region(tmp_path, "render", "default", "project_report_threshold: '200'\n")
    monkeypatch.setenv("JIXIAO_RULES_PATH", str(tmp_path))
    assert str(grade_bands().bands[0].min_score) == "95"
    assert load_options().grade_bands.describe().startswith("优≥95")
    assert load_framework("national-2020-project").grade_for(Decimal("94")) is Grade.GOOD
    assert [p.label for p in leftover_patterns()] == ["占位符"]
    assert load_report_rules().threshold == Decimal(200)
    evaluation = evaluate(load(EXAMPLES / "xiangjiang-justice-2023.yaml"))
    # Under the region's bands the unit's stated 优 no longer matches its score …
    assert "grades.band-mismatch" in {p.code for p in evaluation.problems if p.severity == "error"}
    assert render(evaluation, ("html",)).refused
    # … and its report threshold leaves the department and the two projects of ≥200万元.
    assert len(render(evaluation, ("html",), draft=True).files) == 3


def test_an_unknown_id_named_by_a_profile_points_at_the_key(tmp_path: Path) -> None:
    text = (BUILTIN_DIR / "profiles" / "national-2020.yaml").read_text(encoding="utf-8")
    text = text.replace("grade_bands: national", "grade_bands: nonesuch")
    text = text.replace("../classification/", f"{BUILTIN_DIR}/classification/")
    file = tmp_path / "region.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableError) as caught:
        load_options(str(file))
    [problem] = caught.value.problems
    assert problem.code == "rules.not-found" and "national" in problem.message
    assert problem.location.file == str(file.resolve())
    lines = text.splitlines()
    assert problem.location.line == next(
        n for n, line in enumerate(lines, 1) if line.startswith("grade_bands: nonesuch")
    )
