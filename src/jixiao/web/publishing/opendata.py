"""Open data: the published figures of one region and year as flat rows (JSON and CSV).

Rows come only from the frozen `Publication.open_data` (made when published, 涉密
projects already removed), so the open data always matches the published reports. The
column names are a published format (docs/open-data.md): add columns at the end, never
rename or reorder — scripts downstream read them by name or by position.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jixiao.core.cells import neutral

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jixiao.web.accounts.models import Region
    from jixiao.web.publishing.models import Publication

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Column:
    """One open-data column: the JSON key (English) and the CSV header (Chinese)."""

    key: str
    header: str


ROW_COLUMNS = (
    Column("region_code", "地区编码"),
    Column("region_name", "地区名称"),
    Column("fiscal_year", "年度"),
    Column("unit_name", "单位名称"),
    Column("subject", "评价对象"),
    Column("subject_type", "对象类型"),
    Column("framework", "评分办法"),
    Column("row_type", "行类型"),
    Column("level1", "一级指标"),
    Column("level2", "二级指标"),
    Column("indicator", "指标名称"),
    Column("target", "指标值"),
    Column("actual", "实际完成值"),
    Column("weight", "分值"),
    Column("score", "得分"),
    Column("points_lost", "扣分"),
    Column("grade", "等级"),
    Column("reason", "偏差原因"),
)
"""Indicator rows (row_type "indicator") and one total row per subject ("total")."""

UNIT_COLUMNS = (
    Column("unit_name", "单位名称"),
    Column("score", "得分"),
    Column("grade", "等级"),
    Column("stated_score", "自评得分"),
    Column("stated_grade", "自评等级"),
    Column("execution_rate", "预算执行率"),
    Column("redacted_projects", "未公开涉密项目数"),
    Column("published_at", "公开时间"),
)
"""Per-unit summary (JSON `units`)."""


def _text(value: Any) -> str | None:
    return None if value is None else f"{value:f}" if not isinstance(value, str) else value


def _score_rows(pub: Publication, score: dict[str, Any]) -> Iterable[dict[str, Any]]:
    is_project = str(score.get("path", "")).startswith("projects[")
    base = {
        "region_code": pub.region.code,
        "region_name": pub.region.name,
        "fiscal_year": pub.fiscal_year,
        "unit_name": pub.unit_name,
        "subject": score.get("subject", ""),
        "subject_type": "project" if is_project else "department",
        "framework": score.get("framework", ""),
    }
    for row in score.get("rows", []):
        yield {
            **base,
            "row_type": "indicator",
            "level1": row.get("level"),
            "level2": row.get("level2"),
            "indicator": row.get("name"),
            "target": row.get("target"),
            "actual": row.get("actual"),
            "weight": row.get("weight"),
            "score": row.get("score"),
            "points_lost": row.get("lost"),
            "grade": None,
            "reason": row.get("reason") or None,
        }
    yield {
        **base,
        "row_type": "total",
        "level1": None,
        "level2": None,
        "indicator": "合计",
        "target": None,
        "actual": None,
        "weight": None,
        "score": score.get("total"),
        "points_lost": None,
        "grade": score.get("grade"),
        "reason": None,
    }


def rows(publications: Iterable[Publication]) -> list[dict[str, Any]]:
    """Every indicator and total row of the publications, in their order."""
    out: list[dict[str, Any]] = []
    for pub in publications:
        for score in (pub.open_data or {}).get("scores", []):
            out.extend(_score_rows(pub, score))
    return out


def unit_summary(pub: Publication) -> dict[str, Any]:
    """The unit's headline figures (Decimals as text)."""
    return {
        "unit_name": pub.unit_name,
        "score": _text(pub.score),
        "grade": pub.grade,
        "stated_score": _text(pub.stated_score),
        "stated_grade": pub.stated_grade,
        "execution_rate": _text(pub.execution_rate),
        "redacted_projects": pub.redacted_projects,
        "published_at": pub.published_at.isoformat(),
    }


def as_json(region: Region, year: int, publications: list[Publication]) -> dict[str, Any]:
    """The JSON document: format version, columns, per-unit summary and all rows."""
    return {
        "format_version": FORMAT_VERSION,
        "region": {"code": region.code, "name": region.name},
        "fiscal_year": year,
        "columns": [{"key": c.key, "header": c.header} for c in ROW_COLUMNS],
        "units": [unit_summary(p) for p in publications],
        "rows": rows(publications),
    }


def as_csv(publications: list[Publication]) -> bytes:
    """The rows as CSV, Chinese headers, UTF-8 with BOM (so Excel opens it correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in ROW_COLUMNS])
    for row in rows(publications):
        writer.writerow([_cell(row[c.key]) for c in ROW_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(value: Any) -> str:
    return str(neutral("" if value is None else str(value)))
