"""`jixiao report FILE... -o DIR`: the self-evaluation reports as Word, HTML and PDF.

Thin: parse options, run `jixiao.render.render_file` per file (a process pool when there
are several), print what was written and the problems. Exit 1 when any file was refused.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from jixiao.cli import app
from jixiao.cli.render import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNREADABLE, console, print_problems

if TYPE_CHECKING:
    from jixiao.render import ReportRequest, ReportResult


def _one(path: Path, request: ReportRequest) -> ReportResult:
    from jixiao.formats.source import UnreadableError
    from jixiao.render import ReportResult, render_file

    try:
        return render_file(path, request)
    except UnreadableError as exc:
        return ReportResult(path, problems=[exc.problem], refused=True, timings={"unreadable": 1})


@app.command("report")
def report_command(
    files: Annotated[
        list[Path], typer.Argument(help="YAML 或 JSON 格式的自评数据文件", show_default=False)
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出目录")],
    formats: Annotated[
        str, typer.Option("--format", help="输出格式，逗号分隔：docx,html,pdf")
    ] = "docx,html",
    public: Annotated[
        bool, typer.Option("--public", help="公开版：隐去涉密项目名称和金额")
    ] = False,
    draft: Annotated[
        bool, typer.Option("--draft", help="数据有错误时仍生成草稿（标注“草稿”并附问题清单）")
    ] = False,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="报告规则 YAML（项目报告金额门槛、地区模板）")
    ] = None,
) -> None:
    """生成部门整体支出绩效自评报告和项目支出绩效自评报告（附自评表）。.

    退出码：0 已生成；1 数据有错误而未生成（可加 --draft）；2 文件无法读取。
    """
    from rich.progress import Progress

    from jixiao.render import ReportRequest
    from jixiao.render.service import DEFAULT_RULES, FORMATS

    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    out = console()
    if not chosen or any(f not in FORMATS for f in chosen):
        out.print(f"[red]--format 只能是 {'、'.join(FORMATS)} 的组合[/red]")
        raise typer.Exit(EXIT_UNREADABLE)
    request = ReportRequest(output, chosen, public, draft, rules or DEFAULT_RULES)
    if len(files) == 1:
        results = [_one(files[0], request)]
    else:
        results = []
        with Progress(console=out, transient=True) as progress, ProcessPoolExecutor() as pool:
            task = progress.add_task("生成报告", total=len(files))
            for result in pool.map(_one, files, [request] * len(files)):
                results.append(result)
                progress.advance(task)
    code = EXIT_CLEAN
    for result in results:
        print_problems(out, result.problems, str(result.path))
        for written in result.written:
            out.print(f"  [green]已生成[/green] {escape(str(written))}")
        if result.refused:
            code = max(code, EXIT_UNREADABLE if "unreadable" in result.timings else EXIT_PROBLEMS)
    raise typer.Exit(code)
