"""`jixiao targets …` and `jixiao monitor …`: filing-time lint, adjustments, monitoring rounds.

Thin: read the files, call the core, print. Exit codes: 0 clean, 1 problems (lint
warnings / red warnings), 2 unreadable input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from jixiao.cli import app
from jixiao.cli.loop_files import fail, model_or_exit, rules_or_exit
from jixiao.cli.render import (
    EXIT_CLEAN,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    console,
    emit_json,
    json_document,
    print_problems,
    summary_line,
)

if TYPE_CHECKING:
    from jixiao.core.problems import Problem

targets_app = typer.Typer(
    help="绩效目标：Excel 申报表、申报检查、调整、预填自评。", no_args_is_help=True
)
monitor_app = typer.Typer(help="运行监控：按监控轮次计算红黄预警。", no_args_is_help=True)
app.add_typer(targets_app, name="targets")
app.add_typer(monitor_app, name="monitor")

RulesOption = Annotated[
    str, typer.Option("--rules", help="绩效目标与监控规则：内置编号（default）或 YAML 文件路径")
]
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
LastYearOption = Annotated[
    Path | None, typer.Option("--last-year", help="上年实际完成值文件（YAML/JSON）")
]


@targets_app.command("lint")
def lint_command(
    file: Annotated[Path, typer.Argument(help="绩效目标文件（YAML/JSON）", show_default=False)],
    last_year: LastYearOption = None,
    rules: RulesOption = "default",
    json_output: JsonOption = False,
) -> None:
    """申报时检查绩效目标：成本方向、百分比、单位、维度、时限、支付率、低于上年、模糊表述。.

    退出码：0 无问题；1 有警告；2 文件无法读取。
    """
    from jixiao.core.checks.target_lint import lint_targets
    from jixiao.core.goals import LastYear, TargetSet

    loop = rules_or_exit(rules)
    targets, located = model_or_exit(TargetSet, file)
    previous = None if last_year is None else model_or_exit(LastYear, last_year)[0]
    problems = located(
        lint_targets(targets, loop.lint, None if previous is None else previous.by_indicator())
    )
    if json_output:
        emit_json([json_document(problems, str(file))])
    else:
        out = console()
        print_problems(out, problems, str(file))
        out.print(summary_line(problems))
    raise typer.Exit(EXIT_PROBLEMS if problems else EXIT_CLEAN)


@targets_app.command("template")
def template_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="模板文件名（.xlsx）")],
    source: Annotated[
        Path | None, typer.Option("--from", help="用已有的绩效目标文件（YAML/JSON）预填")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="预填的年度")] = None,
    unit: Annotated[str, typer.Option("--unit", help="预填的单位名称")] = "",
) -> None:
    """生成绩效目标申报表 Excel 模板：部门整体目标、项目、绩效指标，带下拉列表。."""
    from jixiao.core.goals import TargetSet
    from jixiao.formats.excel import write_targets

    filled: TargetSet | dict[str, object] = (
        model_or_exit(TargetSet, source)[0]
        if source is not None
        else {k: v for k, v in (("fiscal_year", year), ("unit_name", unit)) if v}
    )
    try:
        write_targets(output, filled)
    except OSError as exc:
        raise fail(f"无法写入 {output}：{exc.strerror or exc}") from None
    console().print(f"已生成绩效目标申报表模板：{output}")


@targets_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="填好的绩效目标申报表（.xlsx）", show_default=False)],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="把导入结果写成 YAML 文件")
    ] = None,
    last_year: LastYearOption = None,
    rules: RulesOption = "default",
    json_output: JsonOption = False,
) -> None:
    """导入绩效目标申报表：读取问题和申报检查一次列出，精确到单元格（如 绩效指标!H7）。.

    退出码：0 无问题；1 有错误或警告；2 文件无法读取。
    """
    from jixiao.core.checks.target_lint import lint_targets
    from jixiao.core.goals import LastYear
    from jixiao.core.problems import Severity, UnreadableError
    from jixiao.formats.excel import import_targets
    from jixiao.formats.submission_file import write_yaml

    loop = rules_or_exit(rules)
    previous = None if last_year is None else model_or_exit(LastYear, last_year)[0]
    try:
        imported = import_targets(file)
    except UnreadableError as exc:
        _show(exc.problems, str(file), json_output)
        raise typer.Exit(EXIT_UNREADABLE) from None
    problems = list(imported.problems)
    if imported.targets is not None:
        actuals = None if previous is None else previous.by_indicator()
        problems += map(imported.locate, lint_targets(imported.targets, loop.lint, actuals))
    _show(problems, str(file), json_output)
    if output is not None:
        if imported.targets is None:
            raise fail("绩效目标有错误（如缺少年度、单位名称或指标名称），未写入 YAML。")
        try:
            with output.open("w", encoding="utf-8") as stream:
                write_yaml(imported.targets, stream)
        except OSError as exc:
            raise fail(f"无法写入 {output}：{exc.strerror or exc}") from None
        if not json_output:
            console().print(f"已写入：{output}")
    serious = any(p.severity is not Severity.INFO for p in problems)
    raise typer.Exit(EXIT_PROBLEMS if serious else EXIT_CLEAN)


def _show(problems: list[Problem], source: str, json_output: bool) -> None:
    if json_output:
        emit_json([json_document(problems, source)])
        return
    out = console()
    print_problems(out, problems, source)
    out.print(summary_line(problems))


@targets_app.command("adjust")
def adjust_command(
    file: Annotated[Path, typer.Argument(help="已批复的绩效目标文件", show_default=False)],
    adjustments: Annotated[Path, typer.Argument(help="已批准的调整文件", show_default=False)],
    json_output: JsonOption = False,
) -> None:
    """列出原目标与调整后目标对照。."""
    from jixiao.core.goals import Adjustments, TargetSet, apply_adjustments, side_by_side

    targets, _ = model_or_exit(TargetSet, file)
    changes, _ = model_or_exit(Adjustments, adjustments)
    try:
        adjusted = apply_adjustments(targets, changes.adjustments)
    except ValueError as exc:
        raise fail(f"{adjustments}：{exc}") from None
    rows = side_by_side(targets, adjusted)
    if json_output:
        body = [
            {
                "project": r.project,
                "indicator": r.name,
                "original": r.original,
                "adjusted": r.adjusted,
            }
            for r in rows
        ]
        sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
        return
    out = console()
    for r in rows:
        after = f" → 调整后 {r.adjusted}" if r.adjusted else ""
        out.print(
            f"{escape(r.project)}／{escape(r.name)}：原目标 {escape(r.original)}{escape(after)}"
        )


@targets_app.command("prefill")
def prefill_command(
    file: Annotated[Path, typer.Argument(help="已批复的绩效目标文件", show_default=False)],
    adjustments: Annotated[
        Path | None, typer.Option("--adjustments", help="已批准的调整文件")
    ] = None,
) -> None:
    """输出以锁定目标预填的自评数据（JSON），再补实际完成值即可检查和计分。."""
    from jixiao.core.goals import Adjustments, TargetSet, apply_adjustments, prefill

    targets, _ = model_or_exit(TargetSet, file)
    if adjustments is not None:
        changes, _ = model_or_exit(Adjustments, adjustments)
        try:
            targets = apply_adjustments(targets, changes.adjustments)
        except ValueError as exc:
            raise fail(f"{adjustments}：{exc}") from None
    sys.stdout.write(json.dumps(prefill(targets), ensure_ascii=False, indent=2) + "\n")


@monitor_app.command("check")
def monitor_command(
    file: Annotated[Path, typer.Argument(help="监控轮次填报文件（YAML/JSON）", show_default=False)],
    targets: Annotated[
        Path | None, typer.Option("--targets", help="已批复（含调整）的绩效目标文件")
    ] = None,
    rules: RulesOption = "default",
    json_output: JsonOption = False,
) -> None:
    """计算一个监控轮次的红黄预警。.

    退出码：0 无红色预警；1 有红色预警；2 文件无法读取。
    """
    from jixiao.core.goals import TargetSet
    from jixiao.core.loop_rules import Level
    from jixiao.core.monitoring import RoundReport, evaluate_round
    from jixiao.core.problems import problem_to_dict

    loop = rules_or_exit(rules)
    report, located = model_or_exit(RoundReport, file)
    goals = None if targets is None else model_or_exit(TargetSet, targets)[0]
    alerts = evaluate_round(report, goals, loop.monitoring)
    problems = located([a.problem for a in alerts])
    if json_output:
        body = [
            {"level": a.level.value, "rule": a.rule, "subject": a.subject, **problem_to_dict(p)}
            for a, p in zip(alerts, problems, strict=True)
        ]
        sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    else:
        out = console()
        out.print(f"[bold]{escape(str(file))}[/bold]")
        for a, p in zip(alerts, problems, strict=True):
            style = "bold red" if a.level is Level.RED else "yellow"
            out.print(f"  [{style}]{a.level.label}[/{style}] {escape(p.message)}")
        reds = sum(a.level is Level.RED for a in alerts)
        out.print(f"红色预警 {reds} 项，黄色预警 {len(alerts) - reds} 项")
    raise typer.Exit(EXIT_PROBLEMS if any(a.level is Level.RED for a in alerts) else EXIT_CLEAN)
