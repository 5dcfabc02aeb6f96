"""The target and round forms: POST fields ↔ the data trees the core validates.

A target form is the 绩效目标申报表 as rows: the department's indicators and each
project's, with a few empty rows to add more. Field names are positional (`d-3-name`,
`p1-2-target`); a row without an indicator name is an empty row and is dropped. Every
count and length is bounded before anything is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import QueryDict

LEVEL1 = ("产出指标", "效益指标", "满意度指标")
INDICATOR_FIELDS = ("level1", "level2", "name", "unit", "target", "weight")
PROJECT_FIELDS = ("name", "code", "start", "end", "funding", "total_goal", "annual_goal")
BLANK_ROWS = 3
MAX_PROJECTS = 50
MAX_ROWS = 60
MAX_TEXT = 5000
"""The longest text a field keeps (`TargetSet` goals allow 5,000 characters)."""


class FormTooLarge(ValueError):
    """More rows or projects than the form allows."""


def _text(post: QueryDict, name: str) -> str:
    return (post.get(name) or "").strip()[:MAX_TEXT]


def _rows(post: QueryDict, prefix: str) -> list[dict[str, Any]]:
    count = _count(post, f"{prefix}-rows", MAX_ROWS)
    rows: list[dict[str, Any]] = []
    for i in range(count):
        row = {f: _text(post, f"{prefix}-{i}-{f}") for f in INDICATOR_FIELDS}
        if not row["name"]:
            continue
        rows.append({k: v for k, v in row.items() if v != "" or k in ("level1", "name")})
    return rows


def _count(post: QueryDict, name: str, limit: int) -> int:
    raw = post.get(name) or "0"
    if not raw.isdigit() or int(raw) > limit:
        raise FormTooLarge(f"表单行数超出上限（最多{limit}）")
    return int(raw)


def targets_from_post(post: QueryDict) -> dict[str, Any]:
    """The target-set data tree from the form (fiscal year and unit are added by the service)."""
    projects: list[dict[str, Any]] = []
    for j in range(_count(post, "projects", MAX_PROJECTS)):
        typed = {f: _text(post, f"p{j}-{f}") for f in PROJECT_FIELDS}
        if not typed["name"]:
            continue
        project: dict[str, Any] = {k: v for k, v in typed.items() if v != "" or k == "name"}
        project["indicators"] = _rows(post, f"p{j}")
        projects.append(project)
    return {
        "department_goal": _text(post, "department_goal"),
        "unit_kind": _text(post, "unit_kind")[:50],
        "department_indicators": _rows(post, "d"),
        "projects": projects,
    }


def check_fits(data: dict[str, Any]) -> None:
    """Refuse targets the form could not show back (an Excel upload can hold more).

    The form adds one empty project and BLANK_ROWS empty rows to each table, and a save
    beyond MAX_PROJECTS or MAX_ROWS is refused; an upload that large would be stored
    but could never be saved from the page again, so it is refused whole, by name.
    """
    projects = [p for p in data.get("projects") or [] if isinstance(p, dict)]
    if len(projects) > MAX_PROJECTS - 1:
        raise FormTooLarge(
            f"“项目”表有{len(projects)}个项目，网页上最多{MAX_PROJECTS - 1}个；请删减或分批填报"
        )
    tables = [("部门整体", data.get("department_indicators"))]
    tables += [(str(p.get("name") or "未命名项目"), p.get("indicators")) for p in projects]
    for owner, rows in tables:
        count = len(rows) if isinstance(rows, list) else 0
        if count > MAX_ROWS - BLANK_ROWS:
            raise FormTooLarge(
                f"“{owner}”有{count}个绩效指标，网页上每个项目最多{MAX_ROWS - BLANK_ROWS}个；请删减后重新上传"
            )


def _shown_target(value: Any) -> str:
    if isinstance(value, dict):
        if value.get("comparator") == "定性":
            return str(value.get("text") or "定性")
        symbol = {">=": "≥", "<=": "≤"}.get(
            str(value.get("comparator")), str(value.get("comparator", ""))
        )
        return f"{symbol}{value.get('value', '')}"
    return "" if value is None else str(value)


def _table(rows: Any, prefix: str) -> dict[str, Any]:
    listed = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
    shown = [
        {
            f: (_shown_target(r.get(f)) if f == "target" else str(r.get(f) or ""))
            for f in INDICATOR_FIELDS
        }
        for r in listed
    ]
    shown += [dict.fromkeys(INDICATOR_FIELDS, "") for _ in range(BLANK_ROWS)]
    return {"prefix": prefix, "rows": shown, "count": len(shown)}


def targets_for_form(data: dict[str, Any]) -> dict[str, Any]:
    """What the form shows: the stored tree as text fields plus empty rows and one empty project."""
    projects = [p for p in data.get("projects") or [] if isinstance(p, dict)]
    blocks = []
    for j, p in enumerate([*projects, {}]):
        blocks.append(
            {
                "index": j,
                **{f: str(p.get(f) or "") for f in PROJECT_FIELDS},
                "table": _table(p.get("indicators"), f"p{j}"),
            }
        )
    return {
        "department_goal": str(data.get("department_goal") or ""),
        "unit_kind": str(data.get("unit_kind") or ""),
        "department": _table(data.get("department_indicators"), "d"),
        "projects": blocks,
        "project_count": len(blocks),
        "level1": LEVEL1,
    }


def round_from_post(
    post: QueryDict, subjects: list[str], indicators: list[tuple[str, str]]
) -> dict[str, Any]:
    """A round's data tree: spending per subject ("" = department) and indicator forecasts."""
    spending = []
    for i, subject in enumerate(subjects):
        row = {
            "project": subject,
            "full_year": _text(post, f"s{i}-full_year"),
            "executed": _text(post, f"s{i}-executed"),
            "deviation_reason": _text(post, f"s{i}-reason"),
            "measures": _text(post, f"s{i}-measures"),
        }
        spending.append({k: v for k, v in row.items() if v != "" or k == "project"})
    progress = []
    for i, (project, name) in enumerate(indicators):
        row = {
            "project": project,
            "indicator": name,
            "to_date": _text(post, f"i{i}-to_date"),
            "expected": _text(post, f"i{i}-expected"),
        }
        if row["to_date"] or row["expected"]:
            progress.append({k: v for k, v in row.items() if v != ""})
    return {"spending": spending, "indicators": progress}
