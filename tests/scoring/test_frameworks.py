"""Framework files: the shipped ones load; hostile ones give problems with file:line.

Each hostile file is the national framework with one thing broken, written inline so the
test shows exactly what was changed and which line the problem must point at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.core.framework import (
    FrameworkKind,
    LeFormula,
    MissingActual,
    OverPolicy,
    PerPoint,
    Rounding,
    WeightsMismatch,
    ZeroBudget,
)
from jixiao.core.problems import UnreadableError
from jixiao.rules.frameworks import available_frameworks, load_framework, read_framework

BUILTIN = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "rules" / "frameworks"
NATIONAL_TEXT = (BUILTIN / "national-2020-project.yaml").read_text(encoding="utf-8")


def test_shipped_frameworks_load_cleanly() -> None:
    ids = {p.stem for p in available_frameworks()}
    assert {
        "national-2020-project",
        "sichuan-project",
        "legacy-2017-project",
        "hunan-dept-overall",
    } <= ids
    for path in available_frameworks():
        framework, problems = read_framework(path)
        assert problems == [], (path, [p.message for p in problems])
        assert framework is not None and framework.id == path.stem


def test_national_values_match_caiyu_2020_10() -> None:
    fw = load_framework("national-2020-project")
    assert fw.kind is FrameworkKind.PROJECT
    assert [(lv.name, str(lv.weight)) for lv in fw.levels] == [
        ("预算执行", "10"),
        ("产出指标", "50"),
        ("效益指标", "30"),
        ("满意度指标", "10"),
    ]
    assert [str(b.low) for b in fw.qual_bands] == ["80", "60", "0"]
    assert [str(b.min_score) for b in fw.grade_bands.bands] == ["90", "80", "60", "0"]
    assert (fw.le_formula, fw.over_policy, fw.rounding) == (
        LeFormula.LINEAR_TO_DOUBLE,
        OverPolicy.FULL,
        Rounding.ROW,
    )
    assert (fw.zero_budget, fw.missing_actual, fw.weights_mismatch, fw.per_point) == (
        ZeroBudget.ZERO,
        MissingActual.ZERO,
        WeightsMismatch.RESCALE,
        PerPoint.CONTINUOUS,
    )
    assert (fw.document, fw.applies_to.years, fw.applies_to.regions) == (
        "财预〔2020〕10号",
        (2020, 2099),
        (),
    )


def test_legacy_and_sichuan_differ_where_the_rules_differ() -> None:
    legacy = load_framework("legacy-2017-project")
    assert [str(b.low) for b in legacy.qual_bands] == ["80", "50", "0"]
    assert legacy.le_formula is LeFormula.INVERSE
    sichuan = load_framework("sichuan-project")
    assert [(lv.name, str(lv.weight)) for lv in sichuan.levels] == [
        ("预算执行", "10"),
        ("绩效指标", "90"),
    ]


def test_department_framework_marks_its_unconfirmed_choices() -> None:
    fw = load_framework("hunan-dept-overall")
    assert [(lv.name, str(lv.weight)) for lv in fw.levels] == [
        ("投入", "15"),
        ("过程", "40"),
        ("产出", "25"),
        ("效果", "20"),
    ]
    unconfirmed = {key for key, basis in fw.bases if basis.status.value == "UNCONFIRMED"}
    assert {"levels[2]", "levels[3]", "levels[1].indicators[0]"} <= unconfirmed


def _write(tmp_path: Path, text: str, name: str = "broken.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, snippet: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(snippet, index + 1)
    return text.count("\n", 0, index) + 1


@pytest.mark.parametrize(
    ("code", "old", "new", "at", "path"),
    [
        # 满意度 5 instead of 10: levels add up to 95, not 100
        (
            "scoring.framework-weights",
            '    weight: "10"\n    reference: 池州2022年自评表“满意度',
            '    weight: "5"\n    reference: 池州2022年自评表“满意度',
            "  - name: 预算执行",  # a list's line is that of its first item
            "levels",
        ),
        (
            "scoring.framework-unknown-formula",
            "    value: linear_to_double",
            "    value: square_root",
            "    value: square_root",
            "quantitative.le_formula.value",
        ),
        (
            "scoring.framework-unknown-formula",
            "measure: project_execution_rate\n        rule",
            "measure: execution_magic\n        rule",
            "measure: execution_magic",
            "levels[0].indicators[0].measure",
        ),
        (
            "scoring.framework-unknown-formula",
            "rule: {type: proportional}",
            "rule: {type: guesswork}",
            "rule: {type: guesswork}",
            "levels[0].indicators[0].rule.type",
        ),
        (
            "rules.missing-reference",
            "    reference: 池州2022年自评表“效益指标(30分)”；fudaoke.com（RULES.md §1.3）\n",
            "",
            "  - name: 效益指标",
            "levels[2]",
        ),
        (
            "rules.bad-choice",
            "  status: SEEN\ngrade_bands:",
            "  status: PROBABLY\ngrade_bands:",
            "  status: PROBABLY",
            "max_score.status",
        ),
    ],
    ids=[
        "weights",
        "unknown-le-formula",
        "unknown-measure",
        "unknown-rule",
        "missing-reference",
        "bad-status",
    ],
)
def test_hostile_framework_gives_code_at_file_line(
    tmp_path: Path, code: str, old: str, new: str, at: str, path: str
) -> None:
    text = NATIONAL_TEXT.replace(old, new, 1)
    assert text != NATIONAL_TEXT
    file = _write(tmp_path, text)
    framework, problems = read_framework(file)
    assert framework is None
    matching = [p for p in problems if p.code == code and p.location.path == path]
    assert matching, [(p.code, p.location.path) for p in problems]
    assert matching[0].location.file == str(file)
    assert matching[0].location.line == _line(text, at)


def test_level_parts_must_add_up_to_the_level(tmp_path: Path) -> None:
    text = NATIONAL_TEXT.replace(
        '        weight: "10"\n        standard:', '        weight: "8"\n        standard:'
    )
    file = _write(tmp_path, text)
    _, problems = read_framework(file)
    found = {(p.code, p.location.path, p.location.line) for p in problems}
    assert ("scoring.framework-weights", "levels[0]", _line(text, "  - name: 预算执行")) in found


def test_unknown_framework_and_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableError) as info:
        load_framework("no-such-framework")
    assert info.value.problems[0].code == "rules.not-found"
    assert "national-2020-project" in info.value.problems[0].message
    file = _write(tmp_path, "levels: [\n")
    _, problems = read_framework(file)
    assert problems[0].code == "load.syntax"


def test_a_region_adds_a_framework_on_the_search_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "frameworks").mkdir()
    text = NATIONAL_TEXT.replace("id: national-2020-project", "id: region-x").replace(
        'value: "130"', 'value: "150"'
    )
    (tmp_path / "frameworks" / "region-x.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES_PATH", str(tmp_path))
    assert "region-x" in {p.stem for p in available_frameworks()}
    fw = load_framework("region-x")
    assert fw.id == "region-x" and str(fw.over_threshold) == "150"


def test_docs_list_every_open_choice_with_its_default() -> None:
    """docs/scoring.md names every option a framework file has (and each shipped file states it)."""
    from jixiao.cli.score import _options

    docs = (Path(__file__).parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    for path in available_frameworks():
        fw = load_framework(str(path))
        for key, option in _options(fw).items():
            assert f"`{key}`" in docs, key
            assert option["status"], (path.stem, key)  # stated in the file, with its basis
            assert not option["reference"].startswith("框架文件未写明"), (path.stem, key)
