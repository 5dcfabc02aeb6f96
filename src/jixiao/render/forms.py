"""The 自评表 (RULES.md §2) and the smaller tables, as `Table` blocks.

Why one grid of eight columns: the header block, the 项目资金 block, the goal row and the
indicator rows of the official form share one column grid, so the form is one table with
merged cells, as units print it, rather than four tables that drift apart.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.money import fmt_money, fmt_number
from jixiao.render.document import Cell, Table
from jixiao.render.facts import amount, rate

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jixiao.core.model import Project, Submission
    from jixiao.core.scoring import Score, ScoreRow
    from jixiao.render.facts import ProjectFigures

__all__ = ["department_form", "indicator_table", "project_form", "projects_table"]

FORM_WIDTHS = (6, 6, 10, 13, 10, 6, 8, 12)
_INDICATOR_HEAD = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)


def _m(value: object) -> str:
    money = amount(value)
    if money is None:
        return "未公开" if isinstance(value, str) else ""
    return fmt_money(money)


def _label(text: str, span: int = 1) -> Cell:
    return Cell(text, "center", span, bold=True)


def _funds_block(
    rows: Sequence[tuple[str, object, object, object]], execution: ScoreRow | None, title: str
) -> list[tuple[Cell, ...]]:
    head = (
        _label(title, 2),
        _label("年初预算数"),
        _label("全年预算数（A）"),
        _label("全年执行数（B）"),
        _label("分值"),
        _label("执行率（B/A）"),
        _label("得分"),
    )
    out: list[tuple[Cell, ...]] = [head]
    for index, (name, initial, full, executed) in enumerate(rows):
        first = index == 0
        computed = rate(amount(executed), amount(full))
        out.append(
            (
                Cell(name, span=2),
                Cell(_m(initial), "right"),
                Cell(_m(full), "right"),
                Cell(_m(executed), "right"),
                Cell(fmt_number(execution.weight) if first and execution else "", "right"),
                Cell(f"{computed:.2f}%" if first and computed is not None else "", "right"),
                Cell(fmt_money(execution.score) if first and execution else "", "right"),
            )
        )
    return out


def _indicator_rows(rows: Sequence[ScoreRow]) -> list[tuple[Cell, ...]]:
    out = [tuple(_label(h) for h in _INDICATOR_HEAD)]
    for row in rows:
        out.append(
            (
                Cell(row.level),
                Cell(row.level2),
                Cell(row.name),
                Cell(row.target),
                Cell(row.actual),
                Cell(fmt_number(row.weight), "right"),
                Cell(fmt_money(row.score), "right"),
                Cell(row.reason),
            )
        )
    return out


def _total_row(score: Score) -> tuple[Cell, ...]:
    weight = sum((row.weight for row in score.rows), Decimal(0))
    return (
        _label("总分", 5),
        Cell(fmt_number(weight), "right", bold=True),
        Cell(fmt_money(score.total), "right", bold=True),
        Cell(f"自评等级：{score.grade.value}", bold=True),
    )


def _execution_row(score: Score, prefix: str) -> ScoreRow | None:
    return next((r for r in score.rows if r.path == f"{prefix}.budget.executed"), None)


def project_form(sub: Submission, project: Project, score: Score) -> Table:
    """项目支出绩效自评表 of one project."""
    execution = _execution_row(score, score.path)
    head = [
        (_label("项目名称", 2), Cell(project.name, span=6)),
        (
            _label("主管部门", 2),
            Cell(sub.unit.supervising_department or sub.unit.name, span=2),
            _label("实施单位", 2),
            Cell(project.implementing_unit or sub.unit.name, span=2),
        ),
    ]
    b = project.budget
    funds = [("年度资金总额", b.initial, b.full_year, b.executed)]
    funds += [("其中：" + f.source, f.initial, f.full_year, f.executed) for f in project.funding]
    goal = [
        (_label("年度总体目标", 2), _label("预期目标", 3), _label("实际完成情况", 3)),
        (Cell("", span=2), Cell(project.goal, span=3), Cell(project.outcome, span=3)),
    ]
    rows = [r for r in score.rows if r is not execution]
    body = head + _funds_block(funds, execution, "项目资金（万元）") + goal + _indicator_rows(rows)
    body.append(_total_row(score))
    return Table(
        f"{sub.fiscal_year}年度项目支出绩效自评表", tuple(body), FORM_WIDTHS, header_rows=0
    )


def department_form(sub: Submission, score: Score) -> Table:
    """部门整体支出绩效自评表: the same grid, with department funds and duties."""
    unit = sub.unit
    head = [
        (_label("部门（单位）名称", 2), Cell(unit.name, span=6)),
        (
            _label("主管部门", 2),
            Cell(unit.supervising_department, span=2),
            _label("预算编码", 2),
            Cell(unit.code, span=2),
        ),
    ]
    b = sub.finance.budget
    exp = sub.finance.expenditure
    funds = [
        ("年度资金总额", b.initial, b.full_year, b.executed),
        ("其中：基本支出", None, None, exp.basic.total),
        ("项目支出", None, None, exp.project.total),
    ]
    goal = [
        (_label("年度总体目标", 2), _label("部门职责", 3), _label("实际完成情况", 3)),
        (Cell("", span=2), Cell(unit.functions, span=3), Cell(sub.narrative.achievements, span=3)),
    ]
    body = head + _funds_block(funds, None, "部门资金（万元）") + goal + _indicator_rows(score.rows)
    body.append(_total_row(score))
    return Table(
        f"{sub.fiscal_year}年度部门整体支出绩效自评表", tuple(body), FORM_WIDTHS, header_rows=0
    )


def projects_table(figures: Sequence[ProjectFigures], hidden: bool, total: Decimal | None) -> Table:
    """项目支出明细: budget, executed and rate per project, with the stated total."""
    rows = [
        tuple(_label(h) for h in ("项目名称", "全年预算数（万元）", "全年执行数（万元）", "执行率"))
    ]
    for f in figures:
        rows.append(
            (
                Cell(f.name),
                Cell(_m(f.full_year), "right"),
                Cell(_m(f.executed) or ("未公开" if f.classified else ""), "right"),
                Cell("" if f.rate is None else f"{f.rate:.2f}%", "right"),
            )
        )
    rows.append(
        (
            _label("项目支出合计" + ("※" if hidden else "")),
            Cell(""),
            Cell(_m(total), "right", bold=True),
            Cell(""),
        )
    )
    return Table("项目支出明细", tuple(rows), (12, 6, 6, 4))


def indicator_table(score: Score) -> Table:
    """绩效指标完成情况 (the form's indicator rows without the reason column)."""
    rows = [tuple(_label(h) for h in ("三级指标", "年度指标值", "实际完成值", "分值", "得分"))]
    for row in score.rows:
        rows.append(
            (
                Cell(row.name),
                Cell(row.target),
                Cell(row.actual),
                Cell(fmt_number(row.weight), "right"),
                Cell(fmt_money(row.score), "right"),
            )
        )
    return Table("绩效指标完成情况", tuple(rows), (10, 10, 10, 3, 4))
