"""`jixiao check FILE...`: problems of each file, grouped by severity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli import app
from jixiao.cli.options import ProfileOption, load_profile_or_exit, split_codes
from jixiao.cli.render import (
    EXIT_UNREADABLE,
    console,
    emit_json,
    exit_code,
    json_document,
    print_problems,
    summary_line,
)


@app.command("check")
def check_command(
    files: Annotated[
        list[Path], typer.Argument(help="YAML 或 JSON 格式的自评数据文件", show_default=False)
    ],
    json_output: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出（格式见 docs/problem-json.md）")
    ] = False,
    profile: ProfileOption = "national-2020",
    select: Annotated[str, typer.Option(help="只报告这些问题代码或标签（逗号分隔）")] = "",
    ignore: Annotated[str, typer.Option(help="忽略这些问题代码或标签（逗号分隔）")] = "",
) -> None:
    """检查自评数据：合计、前后一致、比率、指标、等级、公开材料。.

    退出码：0 无错误；1 有错误；2 文件无法读取或解析。
    """
    from jixiao.pipeline import UnreadableError, evaluate, load

    options = load_profile_or_exit(profile, select=split_codes(select), ignore=split_codes(ignore))
    out = console()
    documents = []
    codes: list[int] = []
    for path in files:
        try:
            report = evaluate(load(path), profile=options, score=False)
        except UnreadableError as exc:
            problems = [exc.problem]
            codes.append(EXIT_UNREADABLE)
        else:
            problems = report.problems
            codes.append(exit_code(problems))
        if json_output:
            documents.append(json_document(problems, str(path)))
        else:
            print_problems(out, problems, str(path))
            out.print(summary_line(problems))
    if json_output:
        emit_json(documents)
    raise typer.Exit(max(codes, default=0))
