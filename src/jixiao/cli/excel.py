"""`jixiao template`, `jixiao import`, `jixiao export`: the Excel way in and out.

Thin: parse arguments, call `jixiao.formats.excel`, render problems with the shared
renderer. openpyxl and calamine are imported inside the commands for a fast start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli import app
from jixiao.cli.options import ProfileOption, load_profile_or_exit
from jixiao.cli.render import (
    EXIT_CLEAN,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    console,
    emit_json,
    exit_code,
    json_document,
    print_problems,
    summary_line,
)


def _framework_note(framework: str | None) -> str:
    """The framework's level-1 indicators and weights, written on the instructions sheet.

    Units allocate the weights below level 1 themselves (RULES.md §1.3), so the template
    states the level-1 split and its reference rather than pre-filling indicator rows.
    An unknown or invalid framework prints its problems and exits 2.
    """
    if not framework:
        return ""
    from jixiao.pipeline import UnreadableError
    from jixiao.rules.frameworks import load_framework

    try:
        loaded = load_framework(framework)
    except UnreadableError as exc:
        print_problems(console(), exc.problems, framework)
        raise typer.Exit(EXIT_UNREADABLE) from None
    levels = "、".join(f"{level.name} {level.weight:f}分" for level in loaded.levels)
    return (
        f"指标框架：{loaded.title}（{loaded.id}）。一级指标及分值：{levels}；"
        f"一级以下的指标和分值由单位分配，合计须等于一级指标分值。依据：{loaded.basis.reference}"
    )


@app.command("template")
def template_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="模板文件名（.xlsx）")],
    year: Annotated[int | None, typer.Option("--year", help="预填的年度")] = None,
    unit: Annotated[str, typer.Option("--unit", help="预填的单位名称")] = "",
    framework: Annotated[
        str | None, typer.Option("--framework", help="指标框架编号（用于预填一级指标，见文档）")
    ] = None,
    profile: ProfileOption = "national-2020",
) -> None:
    """生成 Excel 填报模板：填表说明、各部分工作表、下拉列表和自动核对公式。"""
    from jixiao.formats.excel import TemplateChecks, write_template

    options = load_profile_or_exit(profile)
    note = _framework_note(framework)
    try:
        write_template(
            output,
            options.economic_classes,
            year=year,
            unit=unit,
            framework_note=note,
            checks=TemplateChecks.of(options),
        )
    except OSError as exc:
        console().print(f"[red]无法写入 {output}：{exc.strerror or exc}[/red]")
        raise typer.Exit(EXIT_UNREADABLE) from None
    console().print(f"已生成模板：{output}")
    if note:
        console().print(note)


@app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="填好的 Excel 工作簿（.xlsx / .xlsm）", show_default=False)
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="把导入结果写成 YAML 数据文件")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="以 JSON 输出问题清单")] = False,
    profile: ProfileOption = "national-2020",
) -> None:
    """导入 Excel 工作簿：一次列出全部问题（精确到单元格，如 项目!H7），并运行全部检查。.

    退出码：0 无错误；1 有错误；2 文件无法读取。
    """
    from jixiao.formats.submission_file import write_yaml
    from jixiao.pipeline import UnreadableError, evaluate, load

    options = load_profile_or_exit(profile)
    try:
        imported = evaluate(load(file, workbook=True), profile=options, score=False)
    except UnreadableError as exc:
        _show([exc.problem], str(file), json_output)
        raise typer.Exit(EXIT_UNREADABLE) from None
    problems = imported.problems
    _show(problems, str(file), json_output)
    out = console()
    if output is not None and imported.submission is not None:
        try:
            with output.open("w", encoding="utf-8") as stream:
                write_yaml(imported.submission, stream)
        except OSError as exc:
            out.print(f"[red]无法写入 {output}：{exc.strerror or exc}[/red]")
            raise typer.Exit(EXIT_UNREADABLE) from None
        if not json_output:
            out.print(f"已写入：{output}")
    elif output is not None and not json_output:
        out.print("[red]数据不完整（如缺少年度或单位名称），未写入 YAML。[/red]")
    raise typer.Exit(exit_code(problems))


def _show(problems: list, source: str, json_output: bool) -> None:  # type: ignore[type-arg]
    if json_output:
        emit_json([json_document(problems, source)])
        return
    out = console()
    print_problems(out, problems, source)
    out.print(summary_line(problems))


@app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="YAML 或 JSON 自评数据文件", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的 Excel 文件（.xlsx）")],
    profile: ProfileOption = "national-2020",
) -> None:
    """把自评数据导出为 Excel 填报模板（可作为下一年度填报的起点）。"""
    from jixiao.formats.excel import TemplateChecks, export_submission
    from jixiao.pipeline import UnreadableError, load

    options = load_profile_or_exit(profile)
    out = console()
    try:
        loaded = load(file)
    except UnreadableError as exc:
        print_problems(out, [exc.problem], str(file))
        raise typer.Exit(EXIT_UNREADABLE) from None
    if loaded.submission is None:
        print_problems(out, loaded.problems, str(file))
        raise typer.Exit(EXIT_PROBLEMS)
    try:
        export_submission(
            loaded.submission, output, options.economic_classes, TemplateChecks.of(options)
        )
    except OSError as exc:
        out.print(f"[red]无法写入 {output}：{exc.strerror or exc}[/red]")
        raise typer.Exit(EXIT_UNREADABLE) from None
    out.print(f"已导出：{output}")
    raise typer.Exit(EXIT_CLEAN)
