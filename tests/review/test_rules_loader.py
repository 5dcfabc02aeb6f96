"""The review rules file: the built-in values, and hostile files → problems with file:line."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.problems import Problem, UnreadableError
from jixiao.review import ReviewRules
from jixiao.rules.review import find_review_rules, load_review_rules

DEFAULT = find_review_rules()
TEXT = DEFAULT.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line that starts with `needle` (indentation included)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(needle):
            return number
    raise AssertionError(f"{needle!r} not in text")


def block_line(text: str, key_line: str) -> int:
    """Where a block under `key_line` starts: the line map records a value's first line."""
    return line_of(text, key_line) + 1


def load_text(tmp_path: Path, text: str) -> list[Problem]:
    file = tmp_path / "region.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableError) as info:
        load_review_rules(str(file))
    assert all(p.location.file == str(file.resolve()) for p in info.value.problems)
    return info.value.problems


def edited(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


def test_builtin_values_and_their_status(rules: ReviewRules) -> None:
    sampling = rules.sampling
    assert (sampling.share, sampling.minimum, sampling.must_check) == (
        Decimal("0.2"),
        1,
        Decimal(40),
    )
    assert sampling.factors["score_gap"].cap == Decimal(40)
    assert sampling.factors["large_expenditure"].cap is None
    # RULES.md gives no share and no weights: every sampling number is a placeholder.
    assert {f.basis.status for f in sampling.factors.values()} == {"UNCONFIRMED"}
    assert sampling.setting_bases["share"].status == "UNCONFIRMED"
    assert "RULES.md 未给出" in sampling.setting_bases["share"].reference
    assert rules.application.treatments["中"].change_basis is not None
    assert rules.application.treatments["中"].change_basis.status == "UNCONFIRMED"
    assert [b.label for b in rules.execution.bands][-1] == ">100%"


def test_loaded_once_per_file_version(tmp_path: Path) -> None:
    file = tmp_path / "mine.yaml"
    file.write_text(TEXT, encoding="utf-8")
    first = load_review_rules(str(file))
    assert load_review_rules(str(file)) is first
    file.write_text(TEXT.replace('value: "0.2"', 'value: "0.3"'), encoding="utf-8")
    os.utime(file, ns=(1, file.stat().st_mtime_ns + 10**9))
    assert load_review_rules(str(file)).sampling.share == Decimal("0.3")


def test_a_region_directory_hides_the_builtin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "default.yaml").write_text(
        TEXT.replace("title: jixiao 默认复核规则", "title: 某市复核规则"), encoding="utf-8"
    )
    monkeypatch.setenv("JIXIAO_RULES_PATH", str(tmp_path))
    assert load_review_rules().title.startswith("某市复核规则")


def test_unknown_id_lists_the_available_ones() -> None:
    with pytest.raises(UnreadableError) as info:
        load_review_rules("no-such-rules")
    (problem,) = info.value.problems
    assert problem.code == "rules.not-found"
    assert "default" in problem.message


def test_missing_key_points_at_its_parent(tmp_path: Path) -> None:
    text = edited('    errors:\n      weight: "5"\n', "    errors:\n")
    (problem,) = load_text(tmp_path, text)
    assert problem.code == "rules.missing"
    assert problem.location.line == block_line(text, "    errors:")
    assert "缺少「sampling.factors.errors.weight」" in problem.message


def test_negative_weight(tmp_path: Path) -> None:
    text = edited('      weight: "20"\n', '      weight: "-20"\n')
    (problem,) = load_text(tmp_path, text)
    assert problem.location.line == line_of(text, '      weight: "-20"')
    assert "「sampling.factors.stated_excellent.weight」不能小于0，实际为-20" in problem.message


def test_top_level_not_a_mapping(tmp_path: Path) -> None:
    (problem,) = load_text(tmp_path, "- 优\n- 良\n")
    assert problem.code == "rules.wrong-type" and problem.location.line == 1
    assert "「（顶层）」应为键值结构" in problem.message


def test_section_not_a_mapping(tmp_path: Path) -> None:
    text = (
        TEXT.split("\nsampling:")[0]
        + "\nsampling: 20%\n"
        + "\napplication:"
        + (TEXT.split("\napplication:")[1])
    )
    (problem,) = load_text(tmp_path, text)
    assert problem.location.line == line_of(text, "sampling: 20%")
    assert "「sampling」应为键值结构" in problem.message


def test_missing_reference_and_bad_status(tmp_path: Path) -> None:
    text = edited(
        "    reference: 抽查比例；RULES.md 未给出，jixiao 暂定20%（按户数向上取整）\n"
        "    status: UNCONFIRMED\n",
        "    status: GUESS\n",
    )
    problems = load_text(tmp_path, text)
    assert [p.code for p in problems] == ["rules.missing-reference", "rules.bad-choice"]
    assert problems[0].location.line == block_line(text, "  share:")
    assert problems[1].location.line == line_of(text, "    status: GUESS")
    assert "SEEN、PRACTICE、UNCONFIRMED" in problems[1].message


def test_not_a_number_and_share_above_one(tmp_path: Path) -> None:
    text = edited('value: "0.2"', 'value: "1.5"').replace('threshold: "1000"', "threshold: 一千")
    problems = load_text(tmp_path, text)
    assert [p.location.line for p in problems] == [
        line_of(text, '    value: "1.5"'),
        line_of(text, "      threshold: 一千"),
    ]
    assert "不能大于1" in problems[0].message
    assert "应为数字，实际为『一千』" in problems[1].message


def test_unknown_factor_is_a_typo(tmp_path: Path) -> None:
    text = edited("    warnings:\n", "    warning:\n")
    problems = load_text(tmp_path, text)
    assert problems[0].code == "rules.unknown-key"
    assert "「sampling.factors.warning」无法识别" in problems[0].message
    assert problems[0].location.line == block_line(text, "    warning:")
    assert "缺少「sampling.factors.warnings」" in problems[1].message


def test_bands_out_of_order(tmp_path: Path) -> None:
    text = edited('lt: "80"}', 'lt: "50"}')
    (problem,) = load_text(tmp_path, text)
    assert problem.location.line == block_line(text, "  bands:")
    assert "从小到大" in problem.message


def test_last_band_must_be_open(tmp_path: Path) -> None:
    text = edited('- {label: ">100%"}', '- {label: ">100%", lt: "1000"}')
    (problem,) = load_text(tmp_path, text)
    assert "只有最后一档不写上限" in problem.message


def test_missing_grade_treatment(tmp_path: Path) -> None:
    start = TEXT.index("    中:\n")
    end = TEXT.index("    差:\n")
    text = TEXT[:start] + TEXT[end:]
    (problem,) = load_text(tmp_path, text)
    assert problem.location.line == block_line(text, "  grades:")
    assert problem.code == "rules.grade-set" and "缺少：中" in problem.message


def test_cut_below_minus_100_percent(tmp_path: Path) -> None:
    text = edited('        value: "-100"\n', '        value: "-150"\n')
    (problem,) = load_text(tmp_path, text)
    assert problem.location.line == line_of(text, '        value: "-150"')
    assert "不能小于-100" in problem.message


def test_fractional_minimum(tmp_path: Path) -> None:
    text = edited('    value: "1"\n', '    value: "1.5"\n')
    (problem,) = load_text(tmp_path, text)
    assert "应为整数" in problem.message


def test_yaml_syntax_error_is_a_rule_error(tmp_path: Path) -> None:
    (problem,) = load_text(tmp_path, "sampling: [\n")
    assert problem.code == "load.syntax"
