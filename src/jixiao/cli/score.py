"""`jixiao score FILE` and `jixiao frameworks`: computed scores with every deduction.

Thin: parse arguments, call the pipeline's `evaluate` (scoring only), render the 自评表-shaped table and the
problems with the shared renderer. Exit codes as `check`: 0 clean, 1 errors, 2 unreadable.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from jixiao.cli import app
from jixiao.cli.render import (
    EXIT_CLEAN,
    EXIT_UNREADABLE,
    console,
    emit_json,
    exit_code,
    json_document,
    print_problems,
    summary_line,
)
from jixiao.core.money import fmt_money

DETAILED = 50
"""Projects printed as full tables; the rest get one line each. Rich lays out a table by
measuring and wrapping every cell (≈ 20 ms for a project's 9 × 13 cells), so 2,000 full
tables took 40 s of CPU (≈ 100 s on a loaded machine) and 25 MB nobody reads; --project
shows any one in full and --json has every row and deduction."""

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from jixiao.core.framework import Framework, FrameworkChoice
    from jixiao.core.scoring import Score


@app.command("score")
def score_command(
    file: Annotated[
        Path, typer.Argument(help="YAML 或 JSON 格式的自评数据文件", show_default=False)
    ],
    framework: Annotated[
        list[str] | None,
        typer.Option(
            "--framework",
            help="计分框架：编号（见 jixiao frameworks）或 YAML 文件；项目、部门框架可各指定一次",
        ),
    ] = None,
    project: Annotated[
        str | None, typer.Option("--project", help="只计算这个项目（项目名称）")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """按官方规则计算自评得分和等级，逐项列出扣分及原因，并与填报的得分、等级比对。.

    退出码：0 无错误；1 有错误；2 文件或框架无法读取。
    """
    from jixiao.core.scoring import score_to_dict
    from jixiao.pipeline import UnreadableError, evaluate, load
    from jixiao.rules.frameworks import load_framework

    out = console()
    try:
        for name in framework or ():
            load_framework(name)
    except UnreadableError as exc:
        print_problems(out, exc.problems, ", ".join(framework or ()) or None)
        raise typer.Exit(EXIT_UNREADABLE) from None
    try:
        report = evaluate(load(file), frameworks=framework or (), project=project, check=False)
    except UnreadableError as exc:
        if json_output:
            emit_json([json_document([exc.problem], str(file))])
        else:
            print_problems(out, [exc.problem], str(file))
        raise typer.Exit(EXIT_UNREADABLE) from None
    if project is not None and report.submission is not None and not report.scores:
        names = "、".join(p.name for p in report.submission.projects) or "（无）"
        out.print(f"[red]找不到项目「{escape(project)}」；文件中的项目有：{escape(names)}[/red]")
        raise typer.Exit(EXIT_UNREADABLE)
    if json_output:
        scores = [score_to_dict(s) for s in report.scores]
        used = [choice_to_dict(c) for c in report.frameworks]
        emit_json([json_document(report.problems, str(file), scores=scores, frameworks=used)])
    else:
        _print_choices(out, report.frameworks)
        projects = [s for s in report.scores if s.path != "self_evaluation"]
        for score in projects[:DETAILED]:
            _print_score(out, score)
        _print_brief(out, projects[DETAILED:])
        for score in report.scores[len(projects) :]:
            _print_score(out, score)
        print_problems(out, report.problems, str(file))
        out.print(summary_line(report.problems))
    raise typer.Exit(exit_code(report.problems))


def choice_to_dict(choice: FrameworkChoice) -> dict[str, Any]:
    """Which framework scored a kind and why, for --json."""
    fw = choice.framework
    return {
        "kind": choice.kind.value,
        "id": fw.id if fw else None,
        "title": fw.title if fw else None,
        "document": fw.document if fw else None,
        "applies_to": fw.applies_to.describe() if fw else None,
        "reason": choice.reason,
    }


def _print_choices(out: Console, choices: Sequence[FrameworkChoice]) -> None:
    from jixiao.rules.frameworks import KIND_NAMES

    for choice in choices:
        fw = choice.framework
        name = f"{choice.label}〔{fw.id}〕" if fw else choice.label
        out.print(f"计分框架（{KIND_NAMES[choice.kind]}）：{escape(name)}；{escape(choice.reason)}")
    if choices:
        out.print()


def _print_score(out: Console, score: Score) -> None:
    table = Table(title=f"{score.subject}（{score.framework}）", title_justify="left")
    for header, justify in (
        ("一级指标", "left"),
        ("二级指标", "left"),
        ("指标", "left"),
        ("分值", "right"),
        ("指标值/评分标准", "left"),
        ("实际完成值", "left"),
        ("得分", "right"),
        ("扣分", "right"),
        ("偏差原因", "left"),
    ):
        table.add_column(header, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in score.rows:
        table.add_row(
            escape(row.level),
            escape(row.level2),
            escape(row.name),
            f"{row.weight:f}",
            escape(row.target),
            escape(row.actual),
            fmt_money(row.score),
            fmt_money(row.lost) if row.lost else "",
            escape(row.reason),
        )
    out.print(table)
    levels = "；".join(f"{lv.name} {fmt_money(lv.score)}/{lv.weight:f}" for lv in score.levels)
    out.print(f"  小计：{escape(levels)}")
    total, rest = _total(score)
    out.print(f"  [bold]{total}[/bold]{rest}")
    if score.deductions:
        out.print("  扣分明细：")
        for d in score.deductions:
            out.print(
                f"    - {escape(d.indicator)} 扣{fmt_money(d.points_lost)}分：{escape(d.formula)}；"
                f"规则：{escape(d.rule)}；依据：{escape(d.reference)}"
                + (f"；原因：{escape(d.reason)}" if d.reason else "")
            )
    out.print()


def _total(score: Score) -> tuple[str, str]:
    """The text "总分 …，等级 …" and what follows it: the unrounded total, the stated score."""
    stated = ""
    if score.stated_score is not None or score.stated_grade is not None:
        grade = score.stated_grade.value if score.stated_grade else "未填"
        given = "未填" if score.stated_score is None else f"{score.stated_score:f}"
        stated = f"（填报：{given}分，{grade}）"
    exact = "" if score.total_exact in (None, score.total) else f"（未舍入{score.total_exact:f}）"
    return f"总分 {fmt_money(score.total)}，等级 {score.grade.value}", exact + stated


def _print_brief(out: Console, scores: Sequence[Score]) -> None:
    """One line per project beyond the first DETAILED, printed as one block (linear)."""
    if not scores:
        return
    lines = [f"其余 {len(scores)} 个项目（逐项得分和扣分明细：--project 项目名称，或 --json）："]
    for score in scores:
        total, rest = _total(score)
        lost = sum((d.points_lost for d in score.deductions), Decimal(0))
        lines.append(
            f"  {score.subject}：{total}{rest}；扣分 {len(score.deductions)} 项共 {fmt_money(lost)} 分"
        )
    out.print("\n".join(lines), markup=False, highlight=False)
    out.print()


@app.command("frameworks")
def frameworks_command(
    json_output: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """列出可用的计分框架（内置及 JIXIAO_RULES_PATH 中的）及其依据和适用年度。"""
    from jixiao.rules.frameworks import available_frameworks, read_framework

    out = console()
    listing = []
    worst = EXIT_CLEAN
    for path in available_frameworks():
        fw, problems = read_framework(path)
        worst = max(worst, exit_code(problems))
        entry: dict[str, Any] = {
            "id": path.stem,
            "file": str(path),
            "title": fw.title if fw else "",
            "kind": fw.kind.value if fw else "",
            "document": fw.document if fw else "",
            "years": list(fw.applies_to.years) if fw else [],
            "regions": list(fw.applies_to.regions) if fw else [],
            "applies_reference": fw.applies_to.basis.reference if fw else "",
            "reference": fw.basis.reference if fw else "",
            "status": fw.basis.status.value if fw else "",
            "options": _options(fw) if fw else {},
            "levels": [{"name": lv.name, "weight": f"{lv.weight:f}"} for lv in fw.levels]
            if fw
            else [],
        }
        listing.append((entry, problems))
    if json_output:
        emit_json(
            [{**entry, **json_document(problems, entry["file"])} for entry, problems in listing]
        )
        raise typer.Exit(worst)
    for entry, problems in listing:
        out.print(f"[bold]{entry['id']}[/bold]  {escape(str(entry['title']))}")
        if entry["kind"]:
            levels = " + ".join(f"{lv['name']} {lv['weight']}" for lv in entry["levels"])
            years, regions = entry["years"], "、".join(entry["regions"]) or "全国"
            out.print(
                f"    {entry['kind']}，适用于{years[0]}–{years[1]}年、{escape(regions)}，"
                f"{entry['status']}；{escape(levels)}"
            )
            if entry["document"]:
                out.print(f"    文号：{escape(str(entry['document']))}")
            out.print(f"    来源：{escape(str(entry['reference']))}")
            out.print(f"    适用范围依据：{escape(str(entry['applies_reference']))}")
            chosen = "；".join(
                f"{k}={v['value']}（{v['status']}）" for k, v in entry["options"].items()
            )
            out.print(f"    选项：{escape(chosen)}")
        if problems:
            print_problems(out, problems, str(entry["file"]))
    raise typer.Exit(worst)


def _options(fw: Framework) -> dict[str, dict[str, str]]:
    """Every open choice of a framework with its value and status (docs/scoring.md)."""
    values = {
        "quantitative.le_formula": fw.le_formula.value,
        "over_achievement.policy": fw.over_policy.value,
        "qualitative.default": fw.qual_default.value,
        "qualitative.endpoints": "upper"
        if any(not b.low_inclusive for b in fw.qual_bands)
        else "lower",
        "rounding": fw.rounding.value,
        "options.zero_budget": fw.zero_budget.value,
        "options.missing_actual": fw.missing_actual.value,
        "options.weights_mismatch": fw.weights_mismatch.value,
        "options.per_point": fw.per_point.value,
    }
    return {
        key: {
            "value": value,
            "status": fw.basis_of[key].status.value if key in fw.basis_of else "",
            "reference": fw.reference(key),
        }
        for key, value in values.items()
    }
