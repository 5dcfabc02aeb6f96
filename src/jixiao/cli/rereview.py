"""`jixiao rereview`, `jixiao calibrate`, `jixiao copies`: the bureau's side of the loop.

Thin: read the files, call the core and the review engine, print. Exit codes: 0 clean,
1 findings (copies found), 2 unreadable input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from jixiao.cli import app
from jixiao.cli.loop_files import fail, model_or_exit, rules_or_exit
from jixiao.cli.render import EXIT_CLEAN, EXIT_PROBLEMS, console
from jixiao.core.money import fmt_money

JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def _print_json(body: Any) -> None:
    sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command("rereview")
def rereview_command(
    file: Annotated[Path, typer.Argument(help="复核表文件（YAML/JSON）", show_default=False)],
    json_output: JsonOption = False,
) -> None:
    """逐行比较复核得分与自评得分，给出每行差异和合计差异。."""
    from jixiao.core.rereview import RereviewSheet

    sheet, _ = model_or_exit(RereviewSheet, file)
    try:
        result = sheet.compared()
    except ValueError as exc:
        raise fail(f"{file}：{exc}") from None
    if json_output:
        _print_json(
            {
                "rows": [
                    {
                        "key": r.key,
                        "label": r.label,
                        "weight": r.weight,
                        "self_score": r.self_score,
                        "review_score": r.review_score,
                        "difference": r.difference,
                        "note": r.note,
                    }
                    for r in result.rows
                ],
                "self_total": result.self_total,
                "review_total": result.review_total,
                "difference": result.difference,
            }
        )
        return
    out = console()
    for r in result.rows:
        own = "—" if r.self_score is None else fmt_money(r.self_score)
        out.print(
            f"{escape(r.label)}：自评 {own}，复核 {fmt_money(r.review_score)}，"
            f"差异 {fmt_money(r.difference)}  {escape(r.note)}"
        )
    out.print(
        f"合计：自评 {fmt_money(result.self_total)}，复核 {fmt_money(result.review_total)}，"
        f"差异 {fmt_money(result.difference)}"
    )


@app.command("calibrate")
def calibrate_command(
    file: Annotated[Path, typer.Argument(help="复核记录文件（YAML/JSON）", show_default=False)],
    by: Annotated[
        str, typer.Option("--by", help="分组：unit（单位）、kind（单位类型）、year（年度）")
    ] = "unit",
    year: Annotated[
        int | None, typer.Option("--year", help="按该年度的差距计算下一年度抽查风险加分")
    ] = None,
    rules: Annotated[
        str, typer.Option("--rules", help="规则：内置编号或 YAML 文件路径")
    ] = "default",
    json_output: JsonOption = False,
) -> None:
    """自评与复核的校准分析：平均得分、差距、评为“优”的比例；下一年度抽查加分。."""
    from jixiao.cli.loop_inputs import ReviewRecords
    from jixiao.review.calibration import (
        GROUPINGS,
        CalibrationRecord,
        application_notes,
        calibrate,
        prior_risk,
    )
    from jixiao.rules import grade_bands

    if by not in GROUPINGS:
        raise fail(f"--by 应为 {'、'.join(GROUPINGS)} 之一，实际为『{by}』")
    loop = rules_or_exit(rules)
    data, _ = model_or_exit(ReviewRecords, file)
    bands = grade_bands()
    records = [
        CalibrationRecord(
            r.unit,
            r.kind,
            r.year,
            r.self_score,
            r.review_score,
            bands.grade_for(r.self_score).value,
            bands.grade_for(r.review_score).value,
        )
        for r in data.records
    ]
    groups = calibrate(records, by)
    prior = {} if year is None else prior_risk(records, year, loop.calibration)
    notes = {} if year is None else application_notes(records, year, loop.calibration)
    if json_output:
        _print_json(
            {
                "by": by,
                "groups": [_group(g) for g in groups],
                "next_year_risk": {k: {"points": p, "reason": r} for k, (p, r) in prior.items()},
                "application": dict(notes),
            }
        )
        return
    out = console()
    out.print(f"按{GROUPINGS[by]}：")
    for g in groups:
        out.print(
            f"  {escape(g.key)}：{g.count}户，自评平均{fmt_money(g.mean_self)}分，复核平均"
            f"{fmt_money(g.mean_review)}分，差距{fmt_money(g.mean_gap)}分；自评为优"
            f"{fmt_money(g.self_excellent_share)}%，复核为优{fmt_money(g.review_excellent_share)}%"
        )
    for unit, (points, reason) in prior.items():
        out.print(f"  下一年度抽查：{escape(unit)} +{fmt_money(points)}点（{escape(reason)}）")
    for unit, note in notes.items():
        out.print(f"  结果应用：{escape(unit)} {escape(note)}")


def _group(g: Any) -> dict[str, Any]:
    return {
        name: getattr(g, name)
        for name in (
            "key",
            "count",
            "mean_self",
            "mean_review",
            "mean_gap",
            "self_excellent_share",
            "review_excellent_share",
        )
    }


@app.command("copies")
def copies_command(
    file: Annotated[Path, typer.Argument(help="文字材料文件（YAML/JSON）", show_default=False)],
    threshold: Annotated[
        float, typer.Option(min=0.1, max=1.0, help="段落相似度下限（Jaccard）")
    ] = 0.5,
    json_output: JsonOption = False,
) -> None:
    """找出跨单位、跨年度雷同的文字，以及过期年份和其他单位、项目名称。.

    退出码：0 未发现；1 发现雷同或可疑名称、年份；2 文件无法读取。
    """
    from jixiao.cli.loop_inputs import NarrativeTexts
    from jixiao.review.copies import Narrative, find_copies, find_foreign_names, find_stale_years

    data, _ = model_or_exit(NarrativeTexts, file)
    narratives = [
        Narrative(t.key, t.unit, t.year, t.text, t.project, t.section) for t in data.narratives
    ]
    copies = find_copies(narratives, threshold=threshold)
    names = [f for n in narratives for f in find_stale_years(n)] + find_foreign_names(narratives)
    if json_output:
        _print_json(
            {
                "copies": [
                    {
                        "a": c.a.key,
                        "b": c.b.key,
                        "share": c.share,
                        "across_years": c.across_years,
                        "passages": [
                            {
                                "a": [p.a_start, p.a_end],
                                "b": [p.b_start, p.b_end],
                                "a_text": p.a_text,
                                "b_text": p.b_text,
                                "similarity": p.similarity,
                            }
                            for p in c.passages
                        ],
                    }
                    for c in copies
                ],
                "names": [
                    {
                        "narrative": f.narrative.key,
                        "kind": f.kind,
                        "found": f.found,
                        "start": f.start,
                        "end": f.end,
                        "owner": f.owner,
                    }
                    for f in names
                ],
            }
        )
    else:
        out = console()
        for c in copies:
            out.print(
                f"[bold]雷同[/bold] {escape(c.a.unit)}（{c.a.year}）与 {escape(c.b.unit)}（{c.b.year}）："
                f"{fmt_money(c.share)}%的文字相同或近似"
            )
            for p in c.passages:
                out.print(f"    甲：{escape(p.a_text)}")
                out.print(f"    乙：{escape(p.b_text)}")
        labels = {
            "stale_year": "过期年份",
            "other_unit": "其他单位名称",
            "other_project": "其他单位的项目名称",
        }
        for f in names:
            owner = f"（属于{f.owner}）" if f.owner and f.owner != f.found else ""
            out.print(
                f"[bold]{labels[f.kind]}[/bold] {escape(f.narrative.unit)}（{f.narrative.year}）："
                f"“{escape(f.found)}”{escape(owner)}"
            )
        out.print(f"雷同 {len(copies)} 对，可疑年份或名称 {len(names)} 处")
    raise typer.Exit(EXIT_PROBLEMS if copies or names else EXIT_CLEAN)
