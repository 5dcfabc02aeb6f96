"""Malformed and hostile submission files: a Chinese message with a place, never a crash."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import example as also_try
from hypothesis import strategies as st
from tests.conftest import EXAMPLES, CheckYaml
from tests.formats.excel.test_roundtrip import submissions

from jixiao.core.model import Submission
from jixiao.formats.source import MAX_BYTES, UnreadableError, read_data
from jixiao.formats.submission_file import dump_yaml, load_submission


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_all_problems_are_reported_at_once_with_lines(check_yaml: CheckYaml) -> None:
    report = check_yaml(
        """\
        fiscal_year: 二〇二二
        unit:
          name: 测试单位
          headcount: 很多
        finance:
          revenue:
            total: -3
          expenditure:
            by_economic_class:
              - {code: '398', amount: 1}
        projects:
          - budget: {executed: 1}
        """
    )
    found = {(p.code, p.location.path, p.location.line) for p in report.problems}
    assert ("load.invalid-value", "fiscal_year", 1) in found
    assert ("load.not-a-number", "unit.headcount", 4) in found
    assert ("load.negative-money", "finance.revenue.total", 7) in found
    assert ("load.missing-field", "projects[0].name", 12) in found
    assert all(_has_chinese(p.message) for p in report.problems)
    assert report.submission is None  # fiscal_year is required, so no partial model


def test_partial_model_is_still_checked_after_a_bad_value(check_yaml: CheckYaml) -> None:
    report = check_yaml(
        """\
        fiscal_year: 2022
        unit: {name: 测试单位}
        finance:
          revenue: {total: 十万}
          expenditure:
            by_economic_class:
              - {code: '398', amount: 1}
        """
    )
    codes = {p.code for p in report.problems}
    assert report.submission is not None
    assert {"load.not-a-number", "classification.unknown-economic-code"} <= codes


def test_invalid_list_items_are_dropped_not_shifted(check_yaml: CheckYaml) -> None:
    report = check_yaml(
        """\
        fiscal_year: 2022
        unit: {name: 测试单位}
        projects:
          - {budget: {executed: 坏}}
          - {name: 乙, budget: {executed: 2}}
          - {name: 丙, budget: {executed: -1}}
          - {name: 丁, budget: {executed: 4}}
        """
    )
    assert report.submission is not None
    projects = report.submission.projects
    # The nameless project is dropped; 丙 keeps its name and loses only the bad amount.
    assert [(p.name, p.budget.executed) for p in projects] == [("乙", 2), ("丙", None), ("丁", 4)]


def test_money_with_units_and_full_width_digits_is_understood(check_yaml: CheckYaml) -> None:
    report = check_yaml(
        """\
        fiscal_year: 2022
        unit: {name: 测试单位}
        finance:
          revenue:
            total: "１，２００，０００元"
            sources: [{name: 拨款, amount: 120万元}]
        """
    )
    assert report.submission is not None
    assert report.submission.finance.revenue.total == Decimal("120")
    assert not [p for p in report.problems if p.code.startswith("totals.")]


def test_yaml_floats_become_exact_decimals(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "fiscal_year: 2022\nunit: {name: 甲}\nfinance: {revenue: {total: 0.1}}\n", encoding="utf-8"
    )
    loaded = load_submission(path)
    assert loaded.submission is not None
    assert loaded.submission.finance.revenue.total == Decimal("0.1")


def test_json_input_keeps_decimals_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        '{"fiscal_year": 2022,\n "unit": {"name": "甲"},\n "finance": {"revenue": {"total": -0.1}}}\n',
        encoding="utf-8",
    )
    loaded = load_submission(path)
    [problem] = loaded.problems
    assert problem.code == "load.negative-money"
    assert problem.location.line == 3


def test_examples_round_trip_through_yaml_dump(tmp_path: Path) -> None:
    for example in sorted(EXAMPLES.glob("*.yaml")):
        first = load_submission(example).submission
        assert first is not None
        again = tmp_path / example.name
        again.write_text(dump_yaml(first), encoding="utf-8")
        assert load_submission(again).submission == first


@pytest.mark.parametrize(
    ("content", "code", "needle"),
    [
        (b"\x00\x01\x02\xff\xfe binary", "load.unreadable", "不是文本文件"),
        (b"fiscal_year: 2022\nunit: {name: [\n", "load.syntax", "第"),
        (
            b"a: &a [1,2,3]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
            b"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
            "load.too-large",
            "别名",
        ),
        (b"[" * 5000 + b"]" * 5000, "load.too-large", "嵌套层数过深"),
        (b"\tfiscal_year: 2022\n", "load.syntax", "制表符"),
        (b"fiscal_year: " + b"9" * 100_000 + b"\n", "load.syntax", "数字位数过多"),
    ],
    ids=["binary", "unclosed-bracket", "alias-bomb", "deep-nesting", "tab-indent", "huge-number"],
)
def test_hostile_files_give_a_chinese_message(
    tmp_path: Path, content: bytes, code: str, needle: str
) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_bytes(content)
    with pytest.raises(UnreadableError) as info:
        read_data(path)
    assert info.value.problem.code == code
    assert needle in info.value.problem.message
    assert info.value.problem.location.file == str(path)


def test_missing_file_and_directory_and_oversize(tmp_path: Path) -> None:
    with pytest.raises(UnreadableError, match="文件不存在"):
        read_data(tmp_path / "none.yaml")
    with pytest.raises(UnreadableError, match="文件夹"):
        read_data(tmp_path)
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(UnreadableError) as info:
        read_data(big)
    assert info.value.problem.code == "load.too-large"


def test_gb18030_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("fiscal_year: 2022\nunit: {name: 益阳市司法局}\n".encode("gb18030"))
    loaded = load_submission(path)
    assert loaded.submission is not None and loaded.submission.unit.name == "益阳市司法局"


def test_empty_file_and_list_file_say_what_is_wrong(tmp_path: Path) -> None:
    for content, kind in (("", "空文件"), ("- a\n", "list")):
        path = tmp_path / "x.yaml"
        path.write_text(content, encoding="utf-8")
        [problem] = load_submission(path).problems
        assert problem.code == "load.not-a-mapping" and kind in problem.message


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2000))
def test_any_bytes_load_or_fail_cleanly(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    try:
        loaded = load_submission(path)
    except UnreadableError as exc:
        assert _has_chinese(exc.problem.message)  # noqa: PT017 - either outcome is fine
    else:
        assert all(_has_chinese(p.message) for p in loaded.problems)


yaml_ish = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=10)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "fiscal_year",
                    "unit",
                    "name",
                    "finance",
                    "revenue",
                    "total",
                    "projects",
                    "budget",
                    "executed",
                    "indicators",
                    "target",
                    "actual",
                    "weight",
                    "restatements",
                    "field",
                    "value",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "fiscal_year",
                "unit",
                "finance",
                "projects",
                "narrative",
                "restatements",
                "self_evaluation",
            ]
        ),
        yaml_ish,
        max_size=6,
    )
)
def test_any_structure_gives_problems_not_tracebacks(
    tmp_path: Path, data: dict[str, object]
) -> None:
    from jixiao.pipeline import evaluate, load
    from jixiao.rules.profiles import load_options

    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
    report = evaluate(load(path), profile=load_options(), score=False)
    assert all(_has_chinese(p.message) for p in report.problems)


def _province_unit(projects: int) -> dict[str, object]:
    indicator = {"level1": "产出指标", "level2": "数量指标", "unit": "件", "target": "≥100"}
    return {
        "fiscal_year": 2023,
        "unit": {"name": "基准测试局"},
        "projects": [
            {
                "name": f"项目{p}",
                "budget": {"full_year": "52.50", "executed": "51.25"},
                "indicators": [
                    {**indicator, "name": f"指标{p}-{i}", "actual": "98", "weight": "5"}
                    for i in range(10)
                ],
            }
            for p in range(projects)
        ],
    }


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True)


def _province_text(projects: int) -> str:
    """`_dump(_province_unit(projects))`, the same text, made from the dump of one project.

    The projects differ only in their numbers, so each one's lines are the first's with
    the numbers changed: 2.4 MB of YAML in milliseconds instead of 1.4 s of CPU in
    PyYAML's representer (the test checks the text against the dump for a few projects).
    """
    head, rest = _dump(_province_unit(1)).split("projects:\n", 1)
    first, tail = rest.split("unit:\n", 1)
    blocks = (
        first.replace("name: 指标0-", f"name: 指标{p}-").replace(
            "name: 项目0\n", f"name: 项目{p}\n"
        )
        for p in range(projects)
    )
    return f"{head}projects:\n{''.join(blocks)}unit:\n{tail}"


@pytest.mark.slow
def test_a_province_size_unit_loads_with_line_numbers(tmp_path: Path) -> None:
    """2,000 projects × 10 indicators (the largest unit of a province) is not refused."""
    assert _province_text(12) == _dump(_province_unit(12))
    path = tmp_path / "unit.yaml"
    path.write_text(_province_text(2000), encoding="utf-8")
    result = read_data(path)
    assert len(result.data["projects"]) == 2000
    assert result.lines["projects[1999].indicators[9].name"] > 140_000


def test_json_line_numbers_match_the_yaml_reading_of_the_same_text(tmp_path: Path) -> None:
    from jixiao.formats.source import _read_yaml, json_lines

    data = yaml.safe_load((EXAMPLES / "yiyang-justice-2022.yaml").read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    assert json_lines(text) == dict(_read_yaml(text, "x.json").lines)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(max_size=160), st.decimals(allow_nan=False, allow_infinity=False)),
        max_size=4,
    )
)
def test_any_text_and_amount_survive_the_yaml_writer(rows: list[tuple[str, Decimal]]) -> None:
    """libyaml's emitter (the pure-Python one took 88 s for 200,000 indicator rows) folds
    long quoted lines its own way; whatever it folds, escapes or quotes reads back the same."""
    from jixiao.formats.submission_file import _Dumper

    data = {"projects": [{"name": text, "amount": amount} for text, amount in rows]}
    written = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    back = yaml.load(written, Loader=yaml.BaseLoader)  # every scalar as text
    assert [(p["name"], Decimal(p["amount"])) for p in back["projects"]] == rows


def test_shared_values_are_written_out_not_as_aliases(tmp_path: Path) -> None:
    """The importer shares one Decimal and one Target between equal cells; the file must
    still spell each value where it belongs (PyYAML writes a shared object as an alias)."""
    first = load_submission(EXAMPLES / "yiyang-justice-2022.yaml").submission
    assert first is not None
    shared = Decimal("12.50")
    budget = first.projects[0].budget.model_copy(update={"full_year": shared, "executed": shared})
    project = first.projects[0].model_copy(update={"budget": budget})
    twice = first.model_copy(update={"projects": (project, project)})
    written = dump_yaml(twice)
    assert "&id" not in written and "*id" not in written
    assert written.count("full_year: 12.50") >= 2
    again = tmp_path / "again.yaml"
    again.write_text(written, encoding="utf-8")
    back = load_submission(again).submission
    assert back is not None
    assert back.model_dump() == twice.model_dump()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submissions)
def test_the_piecewise_writer_writes_the_bytes_of_one_whole_dump(submission: Submission) -> None:
    """`write_yaml` writes one top-level field and one project at a time (`import -o` of
    200,000 rows held 1.6 GB of trees before its first byte); the bytes must be exactly
    those of dumping the whole tree at once, as the writer did before."""
    from jixiao.formats.submission_file import _Dumper, _plain, write_yaml

    data = _plain(submission.model_dump(mode="python", exclude_defaults=True))
    whole = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    stream = io.StringIO()
    write_yaml(submission, stream)
    assert stream.getvalue() == whole
    assert dump_yaml(submission) == whole


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=3))
# A name ending in line breaks is written `|+`, open-ended: each project written alone got
# the document-end marker `...`, which the whole tree has only after its last value.
@also_try(names=["\n"])
@also_try(names=["甲\n\n", "乙"])
def test_long_texts_in_projects_fold_as_in_one_whole_dump(names: list[str]) -> None:
    """Quoted texts longer than the width fold by column; inside a list item written alone
    they sit at the same column as in the whole tree."""
    from jixiao.formats.submission_file import _Dumper, _plain

    example = load_submission(EXAMPLES / "yiyang-justice-2022.yaml").submission
    assert example is not None and example.projects
    projects = tuple(example.projects[0].model_copy(update={"name": name}) for name in names)
    submission = example.model_copy(update={"projects": projects})
    data = _plain(submission.model_dump(mode="python", exclude_defaults=True))
    whole = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    assert dump_yaml(submission) == whole
