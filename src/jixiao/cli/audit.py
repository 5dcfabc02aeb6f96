"""`jixiao audit FILE...` and `jixiao audit --eval DIR`: audit published reports.

Thin: reads arguments, calls the pipeline's `audit`, renders with the shared renderer. Several
files run on a process pool (one document is a pure function); the progress bar only
shows on a terminal. The audit library is imported inside the command for a fast start.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

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

if TYPE_CHECKING:
    from rich.console import Console

    from jixiao.pipeline import AuditResult, EvalReport


@app.command("audit")
def audit_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="要核查的自评报告（.txt/.docx/.pdf/.html）", show_default=False),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="输出带标注的 HTML；多个文件时为目录", show_default=False),
    ] = None,
    eval_dir: Annotated[
        Path | None,
        typer.Option("--eval", help="用标注语料目录（NNN.txt + NNN.json）评估核查的查全率与查准率"),
    ] = None,
    mutate: Annotated[
        bool,
        typer.Option("--mutate", help="与 --eval 同用：逐一改动成立的数据，统计变异查出率与误报"),
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="并行进程数（0 为 CPU 核数）")] = 0,
) -> None:
    """核查已发布的自评报告：合计与分项、前后数据、比率、等级、编号与编辑痕迹。.

    退出码：0 无错误；1 发现错误；2 文件无法读取。
    """
    if eval_dir is not None:
        raise typer.Exit(_evaluate(eval_dir, json_output, mutate))
    if not files:
        console().print("[red]请指定要核查的文件，或使用 --eval 目录。[/red]")
        raise typer.Exit(EXIT_UNREADABLE)
    results = _run(files, jobs)
    out = console()
    documents = []
    codes = []
    for result in results:
        codes.append(exit_code(result.problems, unreadable=result.unreadable))
        if json_output:
            documents.append(json_document(result.problems, result.source, stats=result.stats))
        else:
            print_problems(out, result.problems, result.source)
            out.print(summary_line(result.problems))
    if json_output:
        emit_json(documents)
    if html is not None:
        _write_html(results, html)
    raise typer.Exit(max(codes, default=EXIT_CLEAN))


def _run(files: list[Path], jobs: int) -> list[AuditResult]:
    from jixiao.pipeline import audit

    if len(files) == 1:
        return [audit(files[0])]
    from concurrent.futures import ProcessPoolExecutor

    results: dict[int, AuditResult] = {}
    with ProcessPoolExecutor(max_workers=jobs or None) as pool:
        futures = {pool.submit(audit, path): index for index, path in enumerate(files)}
        if sys.stderr.isatty():
            from concurrent.futures import as_completed

            from rich.progress import Progress

            with Progress(console=console_err(), transient=True) as progress:
                task = progress.add_task("核查中", total=len(files))
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    progress.advance(task)
        else:
            for future, index in futures.items():
                results[index] = future.result()
    return [results[i] for i in range(len(files))]


def console_err() -> Console:
    """A console on stderr for the progress bar, so stdout stays clean for --json."""
    from rich.console import Console

    return Console(stderr=True)


def _write_html(results: list[AuditResult], target: Path) -> None:
    from jixiao.pipeline import audit_html as render_html

    if len(results) == 1 and target.suffix.lower() in {".html", ".htm"}:
        target.write_text(render_html(results[0]), "utf-8")
        return
    target.mkdir(parents=True, exist_ok=True)
    for result in results:
        (target / f"{Path(result.source).name}.html").write_text(render_html(result), "utf-8")


def _evaluate(directory: Path, json_output: bool, mutate: bool) -> int:
    from jixiao.pipeline import audit_corpus as evaluate_corpus
    from jixiao.pipeline import audit_mutations

    if not directory.is_dir():
        console().print(f"[red]语料目录 {directory} 不存在或不是目录。[/red]")
        return EXIT_UNREADABLE
    report = evaluate_corpus(directory)
    data = report.to_dict()
    mutation = audit_mutations(directory) if mutate else None
    if mutation is not None:
        data["mutation"] = mutation.to_dict()
    if json_output:
        emit_json([data])
        return EXIT_CLEAN
    _print_eval(report)
    if mutation is not None:
        console().print(
            f"[bold]变异查出率（mutation recall）[/bold] {mutation.recall:.4f}"
            f"（{mutation.found}/{mutation.made}）；误报 {mutation.alarms_per_mutant:.4f} 条/变异"
        )
    return EXIT_CLEAN


def _print_eval(report: EvalReport) -> None:
    out = console()
    data = report.to_dict()
    out.print(
        f"[bold]查全率（recall）[/bold] {data['recall']}（{data['found']}/{data['inconsistent_claims']}）"
    )
    out.print(
        f"[bold]查准率（precision）[/bold] {data['precision']}"
        f"（{data['matching_findings']}/{data['inconsistency_findings']}）"
    )
    other = data["other_findings"]
    out.print(f"其他问题（other_findings）：{other['found']}/{other['total']}")
    for item in report.files:
        for claim in item.misses:
            out.print(
                f"  [red]漏报[/red] {item.name}：{claim.get('type')}「{claim.get('label', '')}」"
            )
        for problem, note in item.false_alarms:
            tail = f"（{note}）" if note else ""
            out.print(
                f"  [yellow]误报[/yellow] {item.name}：{problem.code} {problem.message}{tail}"
            )
