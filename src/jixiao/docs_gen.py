"""Generated documentation: the problem-code catalogue page (docs/problem-codes.md).

Generated rather than written so it cannot drift from the catalogue; a test compares the
committed page with a fresh rendering (datasette's `cog --check` habit).
"""

from __future__ import annotations

from jixiao.core.codes import all_codes

__all__ = ["problem_codes_markdown"]

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def problem_codes_markdown() -> str:
    """The catalogue as a Markdown page, grouped by the code's theme prefix."""
    lines = [
        "# 问题代码一览（Problem codes）",
        "",
        "本页由 `jixiao codes --markdown` 生成，请勿手工修改；测试会检查它与代码目录一致。",
        "This page is generated from the catalogue in `src/jixiao/core/codes/`.",
        "",
        "每个问题都有稳定的代码、默认严重程度、中文说明模板和处理提示。"
        "用 `--select` / `--ignore` 按代码或标签筛选。",
    ]
    current = ""
    for code in all_codes():
        theme = code.code.split(".", 1)[0]
        if theme != current:
            current = theme
            lines += [
                "",
                f"## {theme}",
                "",
                "| 代码 | 级别 | 名称 | 说明模板 | 提示 | 标签 |",
                "|---|---|---|---|---|---|",
            ]
        lines.append(
            f"| `{code.code}` | {_SEVERITY[code.severity]} | {_cell(code.title)} | {_cell(code.template)} "
            f"| {_cell(code.hint)} | {', '.join(code.tags)} |"
        )
    return "\n".join(lines) + "\n"
