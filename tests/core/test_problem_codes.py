"""One hostile fixture per problem code: the code fires, at the right field and line.

Also the meta-tests of STYLE.md 4: every catalogue template renders, and every code owned
by the checks and the loader has a fixture here (the auditor, scoring and Excel codes
have theirs in their own test folders).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

import pytest
from tests.conftest import EXAMPLES, CheckYaml

from jixiao.core.checks import REGISTRY, CheckOptions, run_checks
from jixiao.core.codes import all_codes
from jixiao.pipeline import evaluate, load

HEAD = "fiscal_year: 2022\nunit: {name: 测试单位}\n"


@dataclass(frozen=True)
class Case:
    code: str
    body: str
    path: str
    line: int | None = None  # 1-based line in HEAD + body


CASES = [
    Case("load.syntax", "finance: a: b\n", "", 3),
    Case("load.not-a-mapping", "", ""),  # special: whole file is a list, see test
    Case("load.missing-field", "projects:\n  - budget: {executed: 1}\n", "projects[0].name", 4),
    Case("load.unknown-field", "finence: {}\n", "finence", 3),
    Case(
        "load.not-a-number", "finance:\n  revenue:\n    total: 十万\n", "finance.revenue.total", 5
    ),
    Case("load.invalid-value", "self_evaluation:\n  grade: 很好\n", "self_evaluation.grade", 4),
    Case(
        "load.negative-money", "finance:\n  revenue:\n    total: -5\n", "finance.revenue.total", 5
    ),
    Case("load.duplicate-key", "unit: {name: 重复}\n", "", 3),
    Case(
        "totals.sum-mismatch",
        "finance:\n  revenue:\n    total: 10\n    sources:\n      - {name: 拨款, amount: 4}\n"
        "      - {name: 其他, amount: 5}\n",
        "finance.revenue.total",
        5,
    ),
    Case(
        "totals.sum-unverifiable",
        "finance:\n  expenditure:\n    project: {total: 10}\nprojects:\n  - {name: 甲, budget: {executed: 4}}\n"
        "  - {name: 乙, classified: true, budget: {executed: 未公开}}\n",
        "finance.expenditure.project.total",
        5,
    ),
    Case(
        "totals.parts-exceed-total",
        "finance:\n  expenditure:\n    project: {total: 3}\nprojects:\n  - {name: 甲, budget: {executed: 4}}\n"
        "  - {name: 乙, classified: true, budget: {executed: 未公开}}\n",
        "finance.expenditure.project.total",
        5,
    ),
    Case(
        "consistency.restatement-differs",
        "finance:\n  expenditure:\n    total: 100\nrestatements:\n  - {field: finance.expenditure.total, value: 90}\n",
        "restatements[0].value",
        7,
    ),
    Case(
        "consistency.duplicate-project",
        "projects:\n  - {name: 甲}\n  - {name: 乙}\n  - {name: 甲}\n",
        "projects[2].name",
        6,
    ),
    Case(
        "consistency.restatement-unknown-field",
        "restatements:\n  - {field: finance.nothing.here, value: 90}\n",
        "restatements[0].field",
        4,
    ),
    Case(
        "rates.execution-mismatch",
        "finance:\n  budget: {full_year: 200, executed: 150, stated_execution_rate: 80}\n",
        "finance.budget.stated_execution_rate",
        4,
    ),
    Case(
        "rates.unverifiable",
        "finance:\n  budget: {stated_revenue_completion_rate: 100}\n",
        "finance.budget.stated_revenue_completion_rate",
        4,
    ),
    Case(
        "rates.over-executed",
        "finance:\n  budget: {full_year: 100, executed: 120}\n",
        "finance.budget.executed",
        4,
    ),
    Case(
        "rates.zero-budget",
        "finance:\n  budget: {full_year: 0, executed: 5}\n",
        "finance.budget.full_year",
        4,
    ),
    Case(
        "staffing.over-quota",
        "unit: {name: 甲, quota_total: 10, headcount: 12}\n",
        "unit.headcount",
        3,
    ),
    Case(
        "indicators.missing",
        "projects:\n  - {name: 甲, budget: {full_year: 10}}\n",
        "projects[0].indicators",
        4,
    ),
    Case(
        "indicators.no-target",
        "department_indicators:\n  - {level1: 产出, name: 案件数, actual: 5}\n",
        "department_indicators[0].target",
        4,
    ),
    Case(
        "indicators.no-actual",
        "department_indicators:\n  - {level1: 产出, name: 案件数, target: '≥5'}\n",
        "department_indicators[0].actual",
        4,
    ),
    Case(
        "indicators.actual-not-number",
        "department_indicators:\n  - {level1: 产出, name: 案件数, target: '≥5', actual: 很多}\n",
        "department_indicators[0].actual",
        4,
    ),
    Case(
        "indicators.cost-comparator",
        "department_indicators:\n  - {level1: 产出, level2: 成本指标, name: 单位成本, unit: 元, target: '≥5', actual: 4}\n",
        "department_indicators[0].target",
        4,
    ),
    Case(
        "indicators.percent-over-100",
        "department_indicators:\n  - {level1: 满意度, name: 群众满意度, unit: '%', target: '≥90', actual: 120}\n",
        "department_indicators[0].actual",
        4,
    ),
    Case(
        "indicators.qualitative-actual",
        "department_indicators:\n  - {level1: 效益, name: 社会影响, target: 定性, actual: 很好}\n",
        "department_indicators[0].actual",
        4,
    ),
    Case(
        "grades.band-mismatch",
        "self_evaluation: {score: 85, grade: 优}\n",
        "self_evaluation.grade",
        3,
    ),
    Case(
        "grades.score-out-of-range",
        "self_evaluation: {score: 105, grade: 优}\n",
        "self_evaluation.score",
        3,
    ),
    Case(
        "three-public.over-budget",
        "finance:\n  three_public:\n    budget: {total: 10}\n    actual: {total: 12}\n",
        "finance.three_public.actual.total",
        6,
    ),
    Case(
        "three-public.increase",
        "finance:\n  three_public:\n    last_year_actual: {total: 10}\n    actual: {total: 12}\n",
        "finance.three_public.actual.total",
        6,
    ),
    Case(
        "disclosure.year-mismatch",
        "report: {title: 2021年度测试单位整体支出绩效自评报告}\n",
        "report.title",
        3,
    ),
    Case(
        "disclosure.local-path",
        "narrative:\n  photos:\n    - {file: 'D:\\照片\\a.jpg', caption: 图为：现场}\n",
        "narrative.photos[0].file",
        5,
    ),
    Case(
        "disclosure.editor-leftover",
        "narrative: {achievements: '[bookmark: _GoBack]成效显著'}\n",
        "narrative.achievements",
        3,
    ),
    Case(
        "disclosure.no-url", "narrative: {achievements: 成效显著}\n", "narrative.disclosure.url", 3
    ),
    Case(
        "classification.unknown-economic-code",
        "finance:\n  expenditure:\n    by_economic_class:\n      - {code: '398', amount: 1}\n",
        "finance.expenditure.by_economic_class[0].code",
        6,
    ),
    Case(
        "classification.name-mismatch",
        "finance:\n  expenditure:\n    by_economic_class:\n      - {code: '301', name: 办公费, amount: 1}\n",
        "finance.expenditure.by_economic_class[0].name",
        6,
    ),
]

OWNED_PREFIXES = (
    "load.",
    "totals.",
    "consistency.",
    "rates.",
    "staffing.",
    "indicators.",
    "grades.",
    "three-public.",
    "disclosure.",
    "classification.",
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_hostile_fixture_fires_its_code_at_its_location(case: Case, check_yaml: CheckYaml) -> None:
    text = "- 一个列表而不是键值结构\n" if case.code == "load.not-a-mapping" else HEAD + case.body
    if case.code == "load.syntax":
        from jixiao.formats.source import UnreadableError

        with pytest.raises(UnreadableError) as info:
            check_yaml(text)
        problem = info.value.problem
    else:
        report = check_yaml(text)
        matching = [p for p in report.problems if p.code == case.code]
        assert matching, f"{case.code} not raised; got {[p.code for p in report.problems]}"
        problem = next((p for p in matching if p.location.path == case.path), matching[0])
    assert problem.location.path == case.path
    if case.line is not None:
        assert problem.location.line == case.line
    assert problem.location.file and problem.location.file.endswith(".yaml")
    assert problem.message and any("\u4e00" <= ch <= "\u9fff" for ch in problem.message)


def test_every_owned_code_has_a_hostile_fixture() -> None:
    owned = {c.code for c in all_codes() if c.code.startswith(OWNED_PREFIXES)}
    owned -= {"load.unreadable", "load.too-large"}  # covered in tests/formats/test_reading.py
    assert owned <= {case.code for case in CASES}


def test_every_template_renders_with_its_parameters() -> None:
    for code in all_codes():
        fields = {
            name for _, name, _, _ in string.Formatter().parse(code.template + code.hint) if name
        }
        rendered = code.template.format_map(dict.fromkeys(fields, "X"))
        assert "{" not in rendered, code.code
        assert code.title and code.severity in {"error", "warning", "info"}


# What a page may not show (the same marks as tests/web/test_language.py): a code or field
# path, a command, a file or folder name. Rule-file problems (rules.*) are for the people
# who maintain rule files and are shown by the CLI only.
_FOR_MAINTAINERS = re.compile(
    r"(?<![A-Za-z0-9])[a-z_]+\.[a-z][a-z_-]*(?![A-Za-z0-9])|`|jixiao|RULES\.md|docs/|src/"
)


def test_every_message_and_hint_a_page_shows_is_for_its_reader() -> None:
    assert _FOR_MAINTAINERS.search("见 `jixiao schema`")
    assert _FOR_MAINTAINERS.search("字段路径写法如 finance.expenditure.total")
    wrong = [
        f"{code.code}: {text}"
        for code in all_codes()
        if not code.code.startswith("rules.")
        for text in (code.template, code.hint)
        if _FOR_MAINTAINERS.search(text)
    ]
    assert not wrong, "\n".join(wrong)


def test_an_unknown_restated_field_is_named_by_where_it_was_restated(
    check_yaml: CheckYaml,
) -> None:
    found = [
        p
        for p in check_yaml(
            "fiscal_year: 2023\nunit: {name: 甲}\n"
            "restatements:\n  - {field: totals.revenue, value: 90, where: 报告二（一）}\n"
        ).problems
        if p.code == "consistency.restatement-unknown-field"
    ]
    assert [p.message for p in found] == ["重述数值（报告二（一））对应的数据项不存在，无法核对"]


# A failing input for every identity of the shipped rules (rules/identities/default.yaml),
# by identity id: the data-driven sum check must fire at that identity's total.
IDENTITY_FAILS = {
    "revenue-sources": "finance:\n  revenue:\n    total: 10\n    sources: [{name: 拨款, amount: 4}]\n",
    "expenditure-by-nature": "finance:\n  expenditure: {total: 10, basic: {total: 4}, project: {total: 5}}\n",
    "basic-split": "finance:\n  expenditure: {basic: {total: 10, personnel: 4, public: 5}}\n",
    "basic-by-economic-class": (
        "finance:\n  expenditure:\n    basic:\n      total: 10\n"
        "      by_economic_class: [{code: '301', amount: 4}, {code: '302', amount: 5}]\n"
    ),
    "expenditure-by-account": (
        "finance:\n  expenditure: {total: 10, by_account: {general_public: 4, government_fund: 5}}\n"
    ),
    "project-list": (
        "finance:\n  expenditure: {project: {total: 10}}\nprojects:\n  - {name: 甲, budget: {executed: 4}}\n"
    ),
    "project-funding": (
        "projects:\n  - name: 甲\n    budget: {full_year: 10}\n"
        "    funding: [{source: 本年财政拨款, full_year: 4}, {source: 上年结转资金, full_year: 5}]\n"
    ),
    "three-public": (
        "finance:\n  three_public:\n    actual: {reception: 4, vehicle_operation: 5, total: 10}\n"
    ),
    "staffing-quota": "unit:\n  name: 甲\n  quota_total: 10\n  staffing: [{name: 行政, quota: 4}]\n",
    "expenditure-by-economic-class": (
        "finance:\n  expenditure:\n    total: 10\n"
        "    by_economic_class: [{code: '301', amount: 4}, {code: '302', amount: 5}]\n"
    ),
    "project-by-economic-class": (
        "finance:\n  expenditure:\n    project:\n      total: 10\n"
        "      by_economic_class: [{code: '301', amount: 4}, {code: '302', amount: 5}]\n"
    ),
}

# A failing input for every registered check (by function name); passing input for all
# of them is the consistent example.
CHECK_FAILS = {
    "totals_equal_their_parts": IDENTITY_FAILS["revenue-sources"],
    "economic_items_within_class": (
        "finance:\n  expenditure:\n    by_economic_class:\n      - {code: '301', amount: 10}\n"
        "      - {code: '30101', amount: 4}\n      - {code: '30102', amount: 5}\n"
    ),
    "restatements_agree": next(
        c.body for c in CASES if c.code == "consistency.restatement-differs"
    ),
    "department_execution": "finance:\n  budget: {full_year: 200, executed: 150, stated_execution_rate: 80}\n",
    "project_execution": (
        "projects:\n  - name: 甲\n    budget: {full_year: 200, executed: 150, stated_execution_rate: 80}\n"
    ),
    "project_names_unique": "projects:\n  - {name: 甲}\n  - {name: 甲}\n",
    "headcount_within_quota": "unit: {name: 甲, quota_total: 10, headcount: 12}\n",
    "projects_have_indicators": "projects:\n  - {name: 甲, key_project: true}\n",
    "indicators_complete": "department_indicators:\n  - {level1: 产出, name: 案件数, actual: 5}\n",
    "indicators_plausible": (
        "department_indicators:\n  - {level1: 效益, name: 社会影响, target: 定性, actual: 很好}\n"
    ),
    "stated_grades_match_scores": "projects:\n  - {name: 甲, stated_score: 59.99, stated_grade: 中}\n",
    "three_public_control": (
        "finance:\n  three_public:\n    budget: {total: 10}\n    actual: {total: 12}\n"
    ),
    "years_match_fiscal_year": "narrative:\n  photos: [{caption: 图为：2023年度先进单位}]\n",
    "no_leftovers": "narrative: {achievements: 详见C:\\Users\\a\\b.docx}\n",
    "disclosure_url_given": "narrative: {achievements: 成效显著}\n",
    "economic_codes_known": next(c.body for c in CASES if c.code == "classification.name-mismatch"),
    "project_explanations": (
        "projects:\n  - name: 甲\n    budget: {initial: 100, full_year: 100, executed: 80}\n"
    ),
}
CHECK_PROFILES = {"project_explanations": "sichuan"}
"""Checks that only a regional profile switches on, and that profile."""


@pytest.mark.parametrize("name", sorted(CHECK_FAILS))
def test_each_check_fires_on_its_failing_fixture(
    name: str, check_yaml: CheckYaml, options: CheckOptions
) -> None:
    report = check_yaml(HEAD + CHECK_FAILS[name])  # also loads the registry
    registered = next(c for c in REGISTRY if c.name == name)
    assert report.submission is not None, [p.message for p in report.problems]
    if name in CHECK_PROFILES:
        from jixiao.rules.profiles import load_options

        assert list(registered.fn(report.submission, options)) == []  # off in the default
        options = load_options(CHECK_PROFILES[name])
    problems = list(registered.fn(report.submission, options))
    assert problems, f"{name} did not fire"
    assert {p.code for p in problems} <= set(registered.codes)


@pytest.mark.parametrize("identity_id", sorted(IDENTITY_FAILS))
def test_each_identity_fires_at_its_total(
    identity_id: str, check_yaml: CheckYaml, options: CheckOptions
) -> None:
    from jixiao.core.identities import expand

    identity = next(i for i in options.identities if i.id == identity_id)
    report = check_yaml(HEAD + IDENTITY_FAILS[identity_id])
    assert report.submission is not None, [p.message for p in report.problems]
    totals = {e.total_path for e in expand(identity, report.submission)}
    fired = [p for p in report.problems if p.code.startswith("totals.")]
    assert any(p.location.path in totals for p in fired), [p.location.path for p in fired]


def test_every_shipped_identity_has_a_failing_fixture(options: CheckOptions) -> None:
    assert {i.id for i in options.identities} == set(IDENTITY_FAILS)


def test_every_check_is_silent_on_the_consistent_example_and_has_a_failing_fixture(
    options: CheckOptions,
) -> None:
    clean = evaluate(load(EXAMPLES / "xiangjiang-justice-2023.yaml"), profile=options, score=False)
    assert clean.submission is not None and clean.problems == []
    run_checks(clean.submission, options)  # loads the registry
    for registered in REGISTRY:
        assert list(registered.fn(clean.submission, options)) == [], registered.name
    assert {c.name for c in REGISTRY} == set(CHECK_FAILS)


def test_select_and_ignore_filter_by_code_and_tag(
    check_yaml: CheckYaml, options: CheckOptions
) -> None:
    from dataclasses import replace

    report = check_yaml(
        HEAD + CHECK_FAILS["three_public_control"] + "narrative: {achievements: 好}\n"
    )
    assert report.submission is not None
    codes = {p.code for p in run_checks(report.submission, options)}
    assert {"three-public.over-budget", "disclosure.no-url"} <= codes
    only = {
        p.code
        for p in run_checks(report.submission, replace(options, select=frozenset({"three-public"})))
    }
    assert only == {"three-public.over-budget"}
    skipped = {
        p.code
        for p in run_checks(
            report.submission, replace(options, ignore=frozenset({"disclosure.no-url"}))
        )
    }
    assert "disclosure.no-url" not in skipped and "three-public.over-budget" in skipped
