"""`jixiao report FILE... -o DIR`: the self-evaluation reports as Word, HTML and PDF.

Thin: parse options, run the pipeline (load → evaluate → render) per file (a process
pool when there are several), write the files, print them and the problems. Exit 1 when
any file was refused, 2 when an input or a rule file could not be read.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from jixiao.cli import app
from jixiao.cli.options import ProfileOption
from jixiao.cli.render import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNREADABLE, console, print_problems
from jixiao.core.naming import distinct, slug

if TYPE_CHECKING:
    from jixiao.core.problems import Problem


@dataclass(frozen=True)
class _Job:
    outdir: Path
    formats: tuple[str, ...]
    redacted: bool
    draft: bool
    rules: str
    profile: str


@dataclass
class _Done:
    path: Path
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    refused: bool = False
    unreadable: bool = False


def _one(path: Path, job: _Job, stem: str) -> _Done:
    """One file through the pipeline; a plain top-level function so a process pool can run it."""
    from jixiao.pipeline import UnreadableError, evaluate, load, render

    try:
        evaluation = evaluate(load(path), profile=job.profile)
    except UnreadableError as exc:
        return _Done(path, problems=exc.problems, refused=True, unreadable=True)
    rendered = render(
        evaluation,
        job.formats,
        redacted=job.redacted,
        draft=job.draft,
        rules=job.rules,
        stem=stem,
    )
    done = _Done(path, problems=rendered.problems, refused=rendered.refused)
    if rendered.files:
        job.outdir.mkdir(parents=True, exist_ok=True)
    for item in rendered.files:
        target = job.outdir / item.name
        target.write_bytes(item.content)
        done.written.append(target)
    return done


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
        str,
        typer.Option("--rules", help="报告规则：编号或 YAML 文件（项目报告金额门槛、地区模板）"),
    ] = "default",
    profile: ProfileOption = "national-2020",
) -> None:
    """生成部门整体支出绩效自评报告和项目支出绩效自评报告（附自评表）。.

    退出码：0 已生成；1 数据有错误而未生成（可加 --draft）；2 文件无法读取。
    """
    from rich.progress import Progress

    from jixiao.pipeline import FORMATS

    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    out = console()
    if not chosen or any(f not in FORMATS for f in chosen):
        out.print(f"[red]--format 只能是 {'、'.join(FORMATS)} 的组合[/red]")
        raise typer.Exit(EXIT_UNREADABLE)
    job = _Job(output, chosen, public, draft, rules, profile)
    # One output folder for all inputs: two files named alike (a/x.yaml, b/x.yaml,
    # x.v2.yaml beside x_v2.yaml) get distinct stems instead of overwriting each other.
    stems = distinct(slug(f.stem, "report") for f in files)
    if len(files) == 1:
        results = [_one(files[0], job, stems[0])]
    else:
        results = []
        with Progress(console=out, transient=True) as progress, ProcessPoolExecutor() as pool:
            task = progress.add_task("生成报告", total=len(files))
            for result in pool.map(_one, files, [job] * len(files), stems):
                results.append(result)
                progress.advance(task)
    code = EXIT_CLEAN
    for result in results:
        print_problems(out, result.problems, str(result.path))
        for written in result.written:
            out.print(f"  [green]已生成[/green] {escape(str(written))}")
        if result.refused:
            code = max(code, EXIT_UNREADABLE if result.unreadable else EXIT_PROBLEMS)
    raise typer.Exit(code)
