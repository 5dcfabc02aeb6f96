"""Submission + Score → Document: the outline, its tables and charts, the redacted copy.

Why the builder, not the writers, drops 涉密 projects: a public copy must be public in
every format, so the decision is taken once, before any writer runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.core import paths
from jixiao.core.model import Submission
from jixiao.core.redaction import classified_names, hidden_paths, redact_text
from jixiao.render.document import Cell, Chart, Document, Heading, Note, PageBreak, Table
from jixiao.render.facts import amount, department_context, project_context
from jixiao.render.forms import department_form, indicator_table, project_form, projects_table
from jixiao.render.outline import environment, render_outline

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import jinja2

    from jixiao.core.model import Project
    from jixiao.core.problems import Problem
    from jixiao.core.scoring import Score
    from jixiao.render.document import Block

__all__ = ["BuildOptions", "build_documents"]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What copy to build: redacted (public) or internal, draft or final, projects, templates."""

    redacted: bool = False
    draft: bool = False
    threshold: Decimal = Decimal(0)
    template_dirs: tuple[Path, ...] = ()


def _levels_chart(score: Score) -> Chart:
    return Chart(
        "各一级指标得分",
        tuple(lv.name for lv in score.levels),
        (
            ("满分", tuple(lv.weight for lv in score.levels)),
            ("得分", tuple(lv.score for lv in score.levels)),
        ),
        "分",
    )


def _department_directive(sub: Submission, score: Score, ctx: dict[str, Any]) -> Any:
    def directive(name: str, arg: str) -> list[Block]:
        exp = ctx["expenditure"]
        if name == "table" and arg == "form":
            return [department_form(sub, score)]
        if name == "table" and arg == "projects":
            return [projects_table(ctx["projects"], ctx["hidden"], exp["project"])]
        if name == "chart" and arg == "economic":
            lines = [ln for ln in exp["lines"] if ln["amount"] is not None]
            if not lines:
                return []
            values = tuple(ln["amount"] for ln in lines)
            return [
                Chart(
                    "支出按经济分类",
                    tuple(ln["name"] or ln["code"] for ln in lines),
                    (("支出", values),),
                    "万元",
                )
            ]
        if name == "chart" and arg == "projects":
            shown = [
                p for p in ctx["projects"] if p.full_year is not None and p.executed is not None
            ]
            if not shown:
                return []
            return [
                Chart(
                    "各项目预算与执行",
                    tuple(p.name for p in shown),
                    (
                        ("全年预算数", tuple(p.full_year for p in shown)),
                        ("全年执行数", tuple(p.executed for p in shown)),
                    ),
                    "万元",
                )
            ]
        if name == "chart" and arg == "levels":
            return [_levels_chart(score)]
        raise ValueError(f"unknown directive ::{name} {arg}")

    return directive


def _project_directive(sub: Submission, project: Project, score: Score) -> Any:
    def directive(name: str, arg: str) -> list[Block]:
        if name == "table" and arg == "form":
            return [project_form(sub, project, score)]
        if name == "table" and arg == "indicators":
            return [indicator_table(score)]
        if name == "chart" and arg == "levels":
            return [_levels_chart(score)]
        raise ValueError(f"unknown directive ::{name} {arg}")

    return directive


def _place(problem: Problem) -> str:
    """Where a problem is, in the reader's words: the Excel cell and the field's Chinese label.

    A report is read by the unit and the bureau, not by the tool's user: no problem code,
    file path or field path (those stay in the CLI and the JSON).
    """
    where = paths.label(Submission, problem.location.path, readable=True)
    return f"{problem.location.cell} {where}" if problem.location.cell else where


def _draft_appendix(problems: Sequence[Problem], hidden: Sequence[str]) -> list[Block]:
    # A public draft must not leak a 涉密 name through a problem message either.
    rows: list[tuple[Cell, ...]] = [
        tuple(Cell(h, "center", bold=True) for h in ("级别", "位置", "问题"))
    ]
    rows += [
        (
            Cell(p.severity.label),
            Cell(redact_text(_place(p), hidden)),
            Cell(redact_text(p.message, hidden)),
        )
        for p in problems
    ]
    return [
        PageBreak(),
        Heading(1, "附：数据检查问题清单"),
        Note(
            f"本稿为草稿，数据尚有{sum(p.severity.value == 'error' for p in problems)}项错误，更正前不得报送或公开。"
        ),
        Table("数据检查问题清单", tuple(rows), (3, 10, 20)),
    ]


def _selected(project: Project, threshold: Decimal) -> bool:
    size = amount(project.budget.full_year) or amount(project.budget.executed)
    # A withheld (未公开) amount cannot be compared: keep the project rather than drop it.
    return threshold <= 0 or size is None or size >= threshold


def _title(stated: str, fallback: str) -> str:
    return stated or fallback


def build_documents(
    sub: Submission,
    scores: Sequence[Score],
    problems: Sequence[Problem],
    options: BuildOptions,
    env: jinja2.Environment | None = None,
) -> list[Document]:
    """The department report, then one report per selected project."""
    env = env or environment(options.template_dirs)
    by_path = {s.path: s for s in scores}
    unit = sub.unit.name
    hidden = classified_names(sub) if options.redacted else ()
    withheld = hidden_paths(sub) if options.redacted else frozenset()
    appendix = _draft_appendix(problems, hidden) if options.draft else []
    docs: list[Document] = []
    dept = by_path.get("self_evaluation")
    if dept is not None:
        ctx = department_context(sub, dept, options.redacted)
        blocks = render_outline(env, "department.j2", ctx, _department_directive(sub, dept, ctx))
        title = _title(sub.report.title, f"{sub.fiscal_year}年度{unit}部门整体支出绩效自评报告")
        blocks = _signed(blocks, signature_block(sub, options.redacted))
        docs.append(_doc("department", "department", title, sub, blocks + appendix, options))
    for index, project in enumerate(sub.projects):
        score = by_path.get(f"projects[{index}]")
        if score is None or not _selected(project, options.threshold):
            continue
        if f"projects[{index}]" in withheld:
            continue
        ctx = project_context(sub, project, score, options.redacted)
        blocks = render_outline(env, "project.j2", ctx, _project_directive(sub, project, score))
        title = f"{sub.fiscal_year}年度{project_report_name(project.name)}"
        blocks = _signed(blocks, signature_block(sub, options.redacted))
        docs.append(
            _doc("project", f"project-{index + 1:02d}", title, sub, blocks + appendix, options)
        )
    return docs


def project_report_name(name: str) -> str:
    """The project report's name, e.g. 普法宣传经费项目支出绩效自评报告 (项目 never doubled)."""
    return f"{name.removesuffix('项目')}项目支出绩效自评报告"


SIGNATURE_BLANK = "　" * 8
"""An empty signature cell: room to sign or write by hand."""


def _signed(blocks: list[Block], signature: Table) -> list[Block]:
    """The report text, the 签章栏 where the text ends, then the appended 自评表."""
    end = next((i for i, b in enumerate(blocks) if isinstance(b, PageBreak)), len(blocks))
    return [*blocks[:end], signature, *blocks[end:]]


def signature_block(sub: Submission, redacted: bool) -> Table:
    """The 签章栏 every submitted report ends with: head, preparer, phone, date, seal.

    What the unit filled (报告信息›单位负责人, 单位基本情况›联系人/联系电话, 报告日期) is
    printed; the rest is left blank to sign by hand. The public copy leaves out the
    preparer and the telephone (personal contact details).
    """
    rows: list[tuple[str, str]] = [("单位负责人（签字）", sub.report.signer)]
    if not redacted:
        rows += [("填报人", sub.unit.contact), ("联系电话", sub.unit.phone)]
    rows += [("日期", sub.report.date), ("单位（盖章）", "")]
    cells = tuple(
        (Cell(label, "center", bold=True), Cell(value or SIGNATURE_BLANK)) for label, value in rows
    )
    heights = tuple(SIGNATURE_HEIGHTS.get(label, SIGNATURE_ROW_MM) for label, _ in rows)
    return Table("报告单位签章", cells, (4, 6), header_rows=0, heights=heights)


SIGNATURE_ROW_MM = 12
"""A 签章栏 row written by hand: a line of handwriting with room above and below."""
SIGNATURE_HEIGHTS = {"单位负责人（签字）": 18, "单位（盖章）": 45}
"""Room to sign, and for the unit's seal (an official seal is up to 42 mm across)."""


def _doc(
    kind: Any, slug: str, title: str, sub: Submission, blocks: list[Block], options: BuildOptions
) -> Document:
    subtitle = sub.unit.name + (f"　{sub.report.date}" if sub.report.date else "")
    return Document(kind, slug, title, subtitle, tuple(blocks), options.draft, options.redacted)
