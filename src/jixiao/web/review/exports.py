"""The dashboard as CSV (UTF-8 with BOM, so Excel shows Chinese) and as an Excel workbook.

Both read the same filtered, sorted queryset as the page, column by column via
`values_list`, and share one column list, so an export never disagrees with the screen.
Money and scores stay Decimal: CSV writes their exact text, the workbook real numbers
with a 0.00 format (a reviewer sums and sorts them in Excel).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from jixiao.core.cells import neutral
from jixiao.web.submissions.models import Status

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.models import QuerySet

    from jixiao.web.submissions.models import Submission

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "编号"),
    ("unit__name", "单位"),
    ("fiscal_year", "年度"),
    ("status", "状态"),
    ("score", "复核计算得分"),
    ("stated_score", "自评得分"),
    ("gap", "自评−复核"),
    ("grade", "计算等级"),
    ("stated_grade", "自评等级"),
    ("execution_rate", "预算执行率(%)"),
    ("total_expenditure", "总支出(万元)"),
    ("errors", "错误"),
    ("warnings", "警告"),
    ("submitted_at", "报送时间"),
)
DECIMAL_COLUMNS = frozenset({"score", "stated_score", "gap", "execution_rate", "total_expenditure"})
_STATUS = dict(Status.choices)


def _cells(qs: QuerySet[Submission]) -> Iterator[list[Any]]:
    names = [name for name, _ in COLUMNS]
    for values in qs.values_list(*names):
        row = list(values)
        row[3] = str(_STATUS.get(row[3], row[3]))
        if isinstance(row[13], datetime):
            row[13] = timezone.localtime(row[13]).replace(tzinfo=None)
        yield row


def to_csv(qs: QuerySet[Submission]) -> bytes:
    """CSV bytes with a BOM; Decimals as their exact two-decimal text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for _, title in COLUMNS])
    for row in _cells(qs):
        writer.writerow(
            [
                f"{v:.2f}"
                if isinstance(v, Decimal)
                else v.strftime("%Y-%m-%d %H:%M")
                if isinstance(v, datetime)
                else ("" if v is None else neutral(v))
                for v in row
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(qs: QuerySet[Submission], title: str) -> bytes:
    """An .xlsx workbook: bold frozen header, numbers as numbers with a 0.00 format.

    Written in openpyxl's streaming mode: 5,000 rows take well under a second.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31] or "审核")
    sheet.freeze_panes = "A2"
    widths = (8, 30, 8, 12, 13, 11, 11, 10, 10, 14, 14, 8, 8, 18)
    for letter, width in zip("ABCDEFGHIJKLMN", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = []
    for _, text in COLUMNS:
        cell = WriteOnlyCell(sheet, value=neutral(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    formats = {i: "0.00" for i, (name, _) in enumerate(COLUMNS) if name in DECIMAL_COLUMNS}
    formats[len(COLUMNS) - 1] = "yyyy-mm-dd hh:mm"
    for row in _cells(qs):
        cells = []
        for i, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=neutral(value))
            if i in formats:
                cell.number_format = formats[i]
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
