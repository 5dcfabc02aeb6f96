"""Render workbook content as the fill-in template: headers, formats, dropdowns, live checks.

Why the trimmings matter: finance staff fill this in Excel or WPS, and most errors the
checks find later (a total that is not the sum of its parts, a score above its weight)
can be shown while they type. So the check cells are formulas with conditional
formatting ("合计不符" in red), locked by a sheet protection without password; every input
cell is unlocked, so protection only guards the formulas and never blocks typing.
"""

from __future__ import annotations

import math
import unicodedata
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.core.cells import formula_like
from jixiao.formats.excel import layout
from jixiao.formats.excel.bulk import Bulk, BulkColumn, TableRows
from jixiao.formats.excel.checks import CHECK_SECTION, TemplateChecks, form_checks, table_check
from jixiao.formats.excel.layout import (
    Column,
    Field,
    FormSheet,
    Kind,
    Layout,
    Section,
    TableSheet,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from openpyxl.styles.cell_style import StyleArray

    from jixiao.formats.excel.writer import Content

__all__ = ["SPARE_ROWS", "render", "save"]

SPARE_ROWS = 300
"""Rows below the data that get formulas and dropdowns, so a unit can keep typing."""
_MONEY_FORMAT = "0.00"
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_CHECK_FILL = PatternFill("solid", fgColor="FFF2CC")
_BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_UNLOCKED = Protection(locked=False)
_LOCKED = Protection(locked=True)
_FONT = "等线"
_LABEL_FONT = {bold: Font(name=_FONT, bold=bold) for bold in (False, True)}
"""A form label's font, made once: a Font per cell was a fifth of drawing a form."""
_NOTE_FONT = Font(name=_FONT, color="7F7F7F")
_TOP = Alignment(vertical="top")
_WRAP = Alignment(wrap_text=True, vertical="top")
_MISMATCH = ('"合计不符"', '"超过分值"', '"无法核对"')


STYLES: dict[str, dict[str, Any]] = {
    "jixiao 表头": {
        "font": Font(name=_FONT, bold=True),
        "fill": _HEADER_FILL,
        "border": _BORDER,
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "protection": _LOCKED,
    },
    "jixiao 自动核对": {
        "fill": _CHECK_FILL,
        "border": _BORDER,
        "protection": _LOCKED,
        "alignment": Alignment(horizontal="center"),
    },
    "jixiao 金额": {
        "font": Font(name=_FONT),
        "border": _BORDER,
        "protection": _UNLOCKED,
        "number_format": _MONEY_FORMAT,
        "alignment": Alignment(horizontal="right", vertical="center"),
    },
    "jixiao 长文本": {
        "font": Font(name=_FONT),
        "border": _BORDER,
        "protection": _UNLOCKED,
        "alignment": _WRAP,
    },
    "jixiao 填写": {
        "font": Font(name=_FONT),
        "border": _BORDER,
        "protection": _UNLOCKED,
        "alignment": Alignment(vertical="center"),
    },
}
"""Shared (named) styles, registered in each workbook: a cell refers to one by index instead
of carrying its own font, border, fill and alignment objects. Assigning those per cell cost
~26 s for 2,000 projects (openpyxl hashes every style object into its lists)."""
_HEADER, _CHECK, _MONEY, _LONGTEXT, _INPUT = STYLES


def _array(ws: Worksheet, name: str) -> StyleArray:
    """The style array of a named style registered in `ws`'s workbook."""
    book = ws.parent
    assert book is not None
    style: NamedStyle = book._named_styles[name]  # type: ignore[attr-defined]
    return style.as_tuple()


def _display_width(value: Any) -> int:
    text = str(value)
    if isinstance(value, float | int) and not isinstance(value, bool):
        text = f"{value:.2f}"
    longest = max((line for line in text.splitlines()), key=len, default="")
    if longest.isascii():  # no ASCII character is East Asian wide (W) or full-width (F)
        return len(longest)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def _text_height(value: Any, width: float) -> int:
    """Row height (points) that shows all of a wrapped text in a column `width` wide."""
    if not isinstance(value, str) or not value:
        return 0
    lines = sum(
        max(1, math.ceil(_display_width(part) / max(width - 2, 1)))
        for part in value.splitlines() or [""]
    )
    return min(max(15, 15 * lines + 3), 409)


def _fit_height(ws: Worksheet, row: int, value: Any, width: float) -> None:
    """Give a wrapped cell room: LibreOffice and WPS do not grow rows when opening a file."""
    height = _text_height(value, width)
    if height:
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 15, height)


def _row_height(long: list[int]) -> Callable[[list[Any]], float | None]:
    """A table row's fitted height from its long-text cells (columns `long`, 30 wide)."""

    def height(values: list[Any]) -> float | None:
        return max((_text_height(values[i], 30) for i in long), default=0) or None

    return height


def _put(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    """Write a value; text is always text (`core.cells.formula_like` text is no formula).

    For the few cells of headers, forms and panels; table rows go through `bulk`.
    """
    if isinstance(value, str) and not value.isprintable():
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str) and formula_like(value):
        cell.data_type = "s"  # stored as text: it comes back unchanged on import
    return cell


def _formula(ws: Worksheet, row: int, col: int, text: str) -> Any:
    """A locked, shaded check cell holding a formula."""
    cell = ws.cell(row=row, column=col, value=text)
    cell.style = _CHECK
    return cell


def _header(ws: Worksheet, row: int, col: int, text: str) -> None:
    _put(ws, row, col, text).style = _HEADER


def _protect(ws: Worksheet) -> None:
    """Protect without password; allow everything except editing locked (formula) cells."""
    p = ws.protection
    p.sheet = True
    p.formatCells = p.formatColumns = p.formatRows = False
    p.insertRows = p.deleteRows = p.sort = p.autoFilter = False


def _print_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"


def _validation(ws: Worksheet, choices: tuple[str, ...] | str, strict: bool, ref: str) -> None:
    formula = choices if isinstance(choices, str) else '"' + ",".join(choices) + '"'
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.showErrorMessage = True
    dv.errorStyle = "stop" if strict else "warning"
    dv.errorTitle = "不在可选范围内"
    dv.error = "请从下拉列表中选择。" if strict else "不在常用选项中，确定使用该值吗？"
    ws.add_data_validation(dv)
    dv.add(ref)


def _alarm(ws: Worksheet, ref: str) -> None:
    for text in _MISMATCH:
        ws.conditional_formatting.add(
            ref,
            CellIsRule(  # type: ignore[no-untyped-call]
                operator="equal",
                formula=[text],
                fill=_BAD_FILL,
                font=Font(color="9C0006", bold=True),
            ),
        )
    ws.conditional_formatting.add(
        ref,
        CellIsRule(  # type: ignore[no-untyped-call]
            operator="equal", formula=['"相符"'], font=Font(color="006100")
        ),
    )


def _input_style(kind: Kind) -> str:
    if kind.is_money:
        return _MONEY
    if kind is Kind.LONGTEXT:
        return _LONGTEXT
    return _INPUT


def _style_input(cell: Any, kind: Kind) -> None:
    cell.style = _input_style(kind)


# --- formulas --------------------------------------------------------------------------


def _letter(sheet: TableSheet, header: str) -> str:
    """Column letter of a header in a table sheet (owner is column A)."""
    offset = 1 if sheet.owner else 0
    for i, column in enumerate(sheet.columns):
        if column.header == header:
            return get_column_letter(i + 1 + offset)
    raise KeyError(header)


def _q(name: str) -> str:
    return f"'{name}'"


def _computed(
    sheet: TableSheet, column: Column, r: int, checks: TemplateChecks, projects: TableSheet
) -> str:
    if column.computed.startswith("identity:"):
        return table_check(sheet, checks.find(column.computed.partition(":")[2]), r, checks)
    if column.computed == "project_name":
        return _project_name(sheet, r, projects)
    if column.computed == "execution_rate":
        a, b = _letter(sheet, "全年预算数"), _letter(sheet, "全年执行数")
        return f'=IF(OR({a}{r}="",{b}{r}=""),"",IFERROR(ROUND({b}{r}/{a}{r}*100,2),""))'
    if column.computed == "score_check":
        w, s = _letter(sheet, "分值"), _letter(sheet, "得分（填报）")
        return f'=IF(OR({w}{r}="",{s}{r}=""),"",IFERROR(IF({s}{r}>{w}{r},"超过分值","相符"),"无法核对"))'
    raise KeyError(column.computed)


def _project_name(sheet: TableSheet, r: int, projects: TableSheet) -> str:
    """The project's name looked up by the row's 项目序号.

    A blank 序号 on a row with content shows "部门整体" where the sheet reads a blank as
    the department's row, so a clerk sees at once where a row without a 序号 will go.
    """
    key, name = _letter(projects, "项目名称"), "A"
    blank = '""'
    if sheet.owner is not None and sheet.owner.blank_path:
        after = next(i for i, c in enumerate(sheet.columns) if c.computed == "project_name")
        first, last = get_column_letter(after + 3), get_column_letter(len(sheet.columns) + 1)
        # LEN, not COUNTA: a check formula showing "" is not content
        blank = f'IF(SUMPRODUCT(LEN(${first}{r}:${last}{r}))=0,"","部门整体")'
    return (
        f'=IF($A{r}="",{blank},IFERROR(INDEX({_q(projects.name)}!${key}:${key},'
        f'MATCH($A{r},{_q(projects.name)}!${name}:${name},0)),"（无此项目）"))'
    )


# --- sheets ----------------------------------------------------------------------------


_NUMERALS = "一二三四五六七八九十"


def _numbered(sheet: FormSheet, heading: str) -> str:
    """The check heading numbered after the sheet's own (一、收入 … 五、… → 六、自动核对)."""
    count = sum(
        isinstance(r, Section) and r.label[:1] in _NUMERALS and r.label[1:2] == "、"
        for r in sheet.rows
    )
    return f"{_NUMERALS[count]}、{heading}" if 0 < count < len(_NUMERALS) else heading


def _check_rows(ws: Worksheet, sheet: FormSheet, checks: TemplateChecks, widths: list[int]) -> None:
    """The live checks of this sheet's identities, below its fields under their own heading."""
    rows = form_checks(sheet, checks)
    if not rows:
        return
    first = len(sheet.rows) + 2
    heading = _put(ws, first, 1, _numbered(sheet, CHECK_SECTION))
    heading.font, heading.border = Font(name=_FONT, bold=True), _BORDER
    for c in range(1, len(sheet.value_columns) + 2):
        ws.cell(row=first, column=c).fill = _SECTION_FILL
    for i, (label, formulas) in enumerate(rows, start=first + 1):
        cell = _put(ws, i, 1, label)
        cell.border, cell.font = _BORDER, Font(name=_FONT)
        widths[0] = max(widths[0], _display_width(label))
        for j, (_header_text, key) in enumerate(sheet.value_columns):
            if key in formulas:
                letter = get_column_letter(j + 2)
                _formula(ws, i, j + 2, formulas[key])
                _alarm(ws, f"{letter}{i}")


def _form(ws: Worksheet, sheet: FormSheet, content: Content, checks: TemplateChecks) -> None:
    _header(ws, 1, 1, sheet.label_header)
    for i, (header, _key) in enumerate(sheet.value_columns):
        _header(ws, 1, i + 2, f"{header}（万元）" if len(sheet.value_columns) > 1 else header)
    notes = len(sheet.value_columns) == 1
    if notes:
        _header(ws, 1, 3, "说明")
    widths = [_display_width(sheet.label_header)] + [12] * len(sheet.value_columns)
    for i, row in enumerate(sheet.rows):
        r = i + 2
        label = _put(ws, r, 1, row.label)
        label.border = _BORDER
        label.font = _LABEL_FONT[isinstance(row, Section)]
        label.alignment = _TOP
        widths[0] = max(widths[0], _display_width(row.label))
        if isinstance(row, Section):
            for c in range(1, len(sheet.value_columns) + 2 + notes):
                ws.cell(row=r, column=c).fill = _SECTION_FILL
            continue
        for j, (_header_text, key) in enumerate(sheet.value_columns):
            col = j + 2
            letter = get_column_letter(col)
            value = content.forms.get((sheet.name, row.label, key))
            cell = _put(ws, r, col, value)
            _style_input(cell, row.kind)
            if value is not None:
                widths[j + 1] = max(widths[j + 1], min(_display_width(value), 60))
            if row.choices:
                _validation(ws, row.choices, True, f"{letter}{r}")
            if row.kind is Kind.YEAR:
                dv = DataValidation(
                    type="whole", operator="between", formula1="2000", formula2="2100"
                )
                dv.error, dv.showErrorMessage = "年度应为 2000–2100 之间的四位数字", True
                ws.add_data_validation(dv)
                dv.add(f"{letter}{r}")
        note = row.note or ("万元" if row.kind.is_money else "") if isinstance(row, Field) else ""
        if note and notes:
            _put(ws, r, 3, note).font = _NOTE_FONT
    _check_rows(ws, sheet, checks, widths)
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = min(max(width + 2, 10), 70)
    for i, row in enumerate(sheet.rows):
        if isinstance(row, Field) and row.kind is Kind.LONGTEXT:
            for j, (_h, key) in enumerate(sheet.value_columns):
                final = min(max(widths[j + 1] + 2, 10), 70)
                _fit_height(ws, i + 2, content.forms.get((sheet.name, row.label, key)), final)
    if notes:
        ws.column_dimensions["C"].width = 28
    ws.freeze_panes = "B2"


def _column_width(column: Column, rows: list[list[Any]], index: int) -> float:
    if column.kind is Kind.LONGTEXT:
        return 30
    longest = max(
        (_display_width(r[index]) for r in rows[:2000] if r[index] is not None), default=0
    )
    width = max(longest, _display_width(column.display), column.width or 0)
    return min(max(width + 2, 8), 50)


def _table(
    bulk: Bulk,
    ws: Worksheet,
    sheet: TableSheet,
    content: Content,
    codes: int,
    checks: TemplateChecks,
    projects: TableSheet,
) -> None:
    rows = content.tables.get(sheet.name, [])
    kinds: list[Kind | None] = []
    offset = 0
    if sheet.owner:
        _header(ws, 1, 1, sheet.owner.header)
        kinds.append(Kind.KEY)
        ws.column_dimensions["A"].width = max(_display_width(sheet.owner.header) + 4, 10)
        offset = 1
    for i, column in enumerate(sheet.columns):
        _header(ws, 1, i + 1 + offset, column.display)
        kinds.append(None if column.computed else column.kind)
        letter = get_column_letter(i + 1 + offset)
        ws.column_dimensions[letter].width = _column_width(column, rows, i + offset)
    last = len(rows) + 1 + SPARE_ROWS
    check = bulk.style(_array(ws, _CHECK))
    columns = [
        BulkColumn(bulk.style(_array(ws, _input_style(kind))))
        if kind is not None
        else BulkColumn(
            check, True, _computed(sheet, sheet.columns[i - offset], 2, checks, projects)[1:]
        )
        for i, kind in enumerate(kinds)
    ]  # a computed column's formula is the first data row's, shared down to `last`
    long = [i for i, kind in enumerate(kinds) if kind is Kind.LONGTEXT]
    bulk.add(ws, TableRows(rows, columns, last, _row_height(long) if long else None))
    for i, column in enumerate(sheet.columns):
        col = i + 1 + offset
        letter = get_column_letter(col)
        dim = ws.column_dimensions[letter]
        if column.computed:
            _alarm(ws, f"{letter}2:{letter}{last}")
            continue
        dim.protection = _UNLOCKED
        if column.kind.is_money:
            dim.number_format = _MONEY_FORMAT
        elif column.kind is Kind.MONTH:
            dim.number_format = "@"  # 2025-01 stays as typed, not a date
        if column.choices:
            choices = (
                f"{_q(layout.LISTS)}!$A$2:$A${codes + 1}"
                if column.choices == "codes"
                else column.choices
            )
            _validation(ws, choices, column.strict, f"{letter}2:{letter}{last}")
    if sheet.owner:
        ws.column_dimensions["A"].protection = _UNLOCKED
        if sheet.owner.kind == "scope":
            _validation(ws, tuple(layout.SCOPES), True, f"A2:A{last}")
    ws.freeze_panes = "B2" if sheet.owner else "A2"
    data_range = f"A1:{get_column_letter(len(sheet.headers()))}{max(len(rows) + 1, 2)}"
    ws.auto_filter.ref = data_range
    ws.print_area = data_range  # the spare formula rows are not worth paper


def _economic_panel(ws: Worksheet, rows: int) -> None:
    """分类合计 per 口径 beside the table, compared with the totals in 收支情况."""
    sheet, finance = layout.ECONOMIC, layout.FINANCE
    amount, code = _letter(sheet, "金额"), _letter(sheet, "科目编码")
    for c, text in enumerate(("自动核对", "类级合计", "收支情况所填", "核对结果"), start=6):
        _header(ws, 1, c, text)
    totals = {"全部支出": "本年总支出", "基本支出": "基本支出合计", "项目支出": "项目支出合计"}
    for r, (scope, label) in enumerate(totals.items(), start=2):
        ws.cell(row=r, column=6, value=scope).border = _BORDER
        match = f'($A$2:$A$5000="{scope}")' + ('+($A$2:$A$5000="")' if scope == "全部支出" else "")
        ws.cell(
            row=r, column=7,
            value=f'=IF(SUMPRODUCT(--(LEN(${code}$2:${code}$5000)=3),--({match}>0),--(${amount}$2:${amount}$5000<>""))=0,"",'
            f"SUMPRODUCT(--(LEN(${code}$2:${code}$5000)=3),--({match}>0),${amount}$2:${amount}$5000))",
        )  # fmt: skip
        ws.cell(row=r, column=8, value=f"={_q(finance.name)}!B{finance.row_of(label)}")
        ws.cell(
            row=r,
            column=9,
            value=f'=IF(OR(G{r}="",H{r}=""),"",IFERROR(IF(ABS(G{r}-H{r})>0.005,"合计不符","相符"),"无法核对"))',
        )
        for c in range(6, 10):
            cell = ws.cell(row=r, column=c)
            cell.style = _CHECK
            if c in (7, 8):
                cell.number_format = _MONEY_FORMAT
    _alarm(ws, "I2:I4")
    ws.print_area = f"A1:I{max(rows + 1, 4)}"
    ws.column_dimensions["E"].width = 3
    for letter, width in (("F", 12), ("G", 12), ("H", 14), ("I", 12)):
        ws.column_dimensions[letter].width = width


def _instructions(ws: Worksheet, guide: tuple[str, ...], framework_note: str) -> None:
    lines = (*guide, *((framework_note,) if framework_note else ()))
    for r, text in enumerate(lines, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(
            name=_FONT, bold=r == 1 or text.startswith(("一、", "二、")), size=14 if r == 1 else 11
        )
        _fit_height(ws, r, text, 110)
    ws.column_dimensions["A"].width = 110
    _print_setup(ws)


def _lists(ws: Worksheet, classes: Mapping[str, str]) -> int:
    _header(ws, 1, 1, "经济分类科目编码")
    _header(ws, 1, 2, "科目名称")
    for r, (code, name) in enumerate(sorted(classes.items()), start=2):
        ws.cell(row=r, column=1, value=code)
        ws.cell(row=r, column=2, value=name)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 18, 36
    ws.sheet_state = "hidden"
    return len(classes)


def render(
    content: Content,
    classes: Mapping[str, str],
    framework_note: str = "",
    checks: TemplateChecks | None = None,
    book_layout: Layout = layout.SUBMISSION,
) -> Bulk:
    """The workbook for `content`: instructions, one sheet per layout sheet, code lists.

    `checks` (the profile's identities and tolerance) become the live check cells;
    `book_layout` says which workbook (the self-evaluation or the targets).
    """
    checks = checks or TemplateChecks()
    book = Workbook()
    for name, parts in STYLES.items():
        book.add_named_style(NamedStyle(name=name, **parts))
    bulk = Bulk(book)
    first = book.active
    assert isinstance(first, Worksheet)
    _instructions(first, book_layout.guide, framework_note)
    first.title = layout.INSTRUCTIONS
    codes = _lists(book.create_sheet(layout.LISTS), classes) if book_layout.uses_codes else 0
    for sheet in book_layout.sheets:
        ws = book.create_sheet(sheet.name, index=len(book.sheetnames) - book_layout.uses_codes)
        if isinstance(sheet, FormSheet):
            _form(ws, sheet, content, checks)
        else:
            _table(bulk, ws, sheet, content, codes, checks, book_layout.projects)
            if sheet is layout.ECONOMIC:
                _economic_panel(ws, len(content.tables.get(sheet.name, ())))
        _protect(ws)
        _print_setup(ws)
    book.active = 0
    return bulk


def save(book: Bulk, path: Path) -> None:
    """Write the workbook; the caller reports OSError."""
    book.save(path)
