"""`jixiao schema` and `jixiao codes`: what the file format and the problems look like."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli import app
from jixiao.cli.render import console


@app.command("schema")
def schema_command(
    problems: Annotated[
        bool, typer.Option("--problems", help="输出问题清单（--json 输出）的 JSON Schema")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="写入文件而不是屏幕")
    ] = None,
) -> None:
    """输出自评数据文件的 JSON Schema（默认）或问题清单的 JSON Schema。"""
    from jixiao.formats.schema import problems_schema, submission_schema

    schema = problems_schema() if problems else submission_schema()
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@app.command("codes")
def codes_command(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="输出 docs/problem-codes.md 的内容")
    ] = False,
) -> None:
    """列出所有问题代码、级别和说明。"""
    from jixiao.core.codes import all_codes
    from jixiao.docs_gen import problem_codes_markdown

    if markdown:
        sys.stdout.write(problem_codes_markdown())
        return
    out = console()
    for code in all_codes():
        out.print(f"[bold]{code.code}[/bold]  {code.severity:<7}  {code.title}")
