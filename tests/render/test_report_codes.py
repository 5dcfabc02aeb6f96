"""One hostile fixture per `render.` code, asserting code and location."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES
from tests.render.reports import report_files

from jixiao.core.codes import all_codes
from jixiao.pipeline import Rendered

CONSISTENT = EXAMPLES / "xiangjiang-justice-2023.yaml"
WITH_ERRORS = EXAMPLES / "yiyang-justice-2022.yaml"


def _region(tmp_path: Path, rules: str, **templates: str) -> Path:
    region = tmp_path / "region"
    region.mkdir(exist_ok=True)
    for name, body in templates.items():
        (region / f"{name}.j2").write_text(body, encoding="utf-8")
    path = tmp_path / "rules.yaml"
    path.write_text(rules, encoding="utf-8")
    return path


def _refused(tmp_path: Path) -> tuple[Rendered, str]:
    return report_files(WITH_ERRORS, tmp_path), str(WITH_ERRORS)


def _draft(tmp_path: Path) -> tuple[Rendered, str]:
    return report_files(WITH_ERRORS, tmp_path, draft=True), str(WITH_ERRORS)


def _template(tmp_path: Path) -> tuple[Rendered, str]:
    rules = _region(
        tmp_path, "template_dirs: [region]\n", department="# 一、{{ no_such_figure }}\n"
    )
    return report_files(CONSISTENT, tmp_path / "out", rules=rules), str(CONSISTENT)


def _pdf(tmp_path: Path) -> tuple[Rendered, str]:
    import jixiao.render.pdf as pdf

    original = pdf.soffice
    pdf.soffice = lambda: None
    try:
        return report_files(CONSISTENT, tmp_path, ("pdf",)), str(CONSISTENT)
    finally:
        pdf.soffice = original


CASES: dict[str, Callable[[Path], tuple[Rendered, str]]] = {
    "render.refused": _refused,
    "render.draft": _draft,
    "render.template-error": _template,
    "render.pdf-unavailable": _pdf,
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_hostile_fixture_fires_its_code(code: str, tmp_path: Path) -> None:
    result, where = CASES[code](tmp_path)
    problem = next(p for p in result.problems if p.code == code)
    assert problem.location.file == where
    assert any("\u4e00" <= ch <= "\u9fff" for ch in problem.message)


def test_every_render_code_has_a_fixture() -> None:
    owned = {c.code for c in all_codes() if c.code.startswith("render.")}
    assert owned == set(CASES)


def test_refusal_writes_nothing(tmp_path: Path) -> None:
    result, _ = _refused(tmp_path)
    assert result.refused and not result.files and not list(tmp_path.iterdir())


def test_template_error_names_the_template(tmp_path: Path) -> None:
    result, _ = _template(tmp_path)
    assert result.refused and "department.j2" in result.problems[0].message


@pytest.mark.parametrize(
    ("body", "code", "line"),
    [
        ("[1, 2]\n", "rules.wrong-type", 1),
        ("template_dirs: x\n", "rules.wrong-type", 1),
        ("template_dirs: []\nproject_report_threshold: abc\n", "rules.not-a-number", 2),
        ("project_report_threshold: '-5'\n", "rules.out-of-range", 1),
        ("project_threshold: '5'\n", "rules.unknown-key", 1),
    ],
)
def test_bad_report_rules_refuse_with_the_rule_readers_code(
    tmp_path: Path, body: str, code: str, line: int
) -> None:
    rules = _region(tmp_path, body)
    result = report_files(CONSISTENT, tmp_path / "out", rules=rules)
    assert result.refused and not result.files
    assert [(p.code, p.location.file, p.location.line) for p in result.problems] == [
        (code, str(rules.resolve()), line)
    ]


def test_region_template_and_threshold(tmp_path: Path) -> None:
    rules = _region(
        tmp_path,
        "template_dirs: [region]\nproject_report_threshold: '200'\n",
        project="# 一、概况\n{{ figures.executed|money }}\n",
    )
    result = report_files(CONSISTENT, tmp_path / "out", ("html",), rules=rules)
    names = sorted(f.name for f in result.files)
    # Only 法律援助经费 (235) and 社区矫正信息化建设 (220) reach 200万元.
    assert names == [
        "xiangjiang-justice-2023-department.html",
        "xiangjiang-justice-2023-project-01.html",
        "xiangjiang-justice-2023-project-04.html",
    ]
    assert "211.80" in (tmp_path / "out" / names[2]).read_text(encoding="utf-8")
