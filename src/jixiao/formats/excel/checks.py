"""The template's live check formulas, written from the identities of the rules data.

Why from data: the checks of the finance bureau's data (`totals.*`) and the cells that
turn red while a unit types must say the same thing; both are expanded from one list of
identities (rules/identities/), so a region's identity is checked in Excel as soon as its
total and parts have cells. An identity whose parts have no cells (the 支出经济分类 lines,
which have their own panel) simply gets no check cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from jixiao.core.money import DEFAULT_TOLERANCE
from jixiao.formats.excel import layout

if TYPE_CHECKING:
    from decimal import Decimal

    from jixiao.core.checks import CheckOptions
    from jixiao.core.identities import Identity
    from jixiao.formats.excel.layout import FormSheet, TableSheet

__all__ = ["CHECK_PREFIX", "CHECK_SECTION", "TemplateChecks", "form_checks", "table_check"]

CHECK_PREFIX = "校验："
CHECK_SECTION = "自动核对（随填写更新，不需填写）"
"""The heading above a form sheet's check rows; the importer reads past both."""


@dataclass(frozen=True)
class TemplateChecks:
    """What the live checks compare: the profile's identities and tolerance (万元)."""

    identities: tuple[Identity, ...] = ()
    tolerance: Decimal = DEFAULT_TOLERANCE

    @classmethod
    def of(cls, options: CheckOptions) -> TemplateChecks:
        """The checks a profile's options call for."""
        return cls(options.identities, options.tolerance)

    def find(self, identity_id: str) -> Identity | None:
        """An identity by id (None when the rules have none of that id)."""
        return next((i for i in self.identities if i.id == identity_id), None)


def _q(name: str) -> str:
    return f"'{name}'"


def _table_letter(sheet: TableSheet, path: str) -> str | None:
    offset = 1 if sheet.owner else 0
    for i, column in enumerate(sheet.columns):
        if column.path == path and not column.computed:
            return get_column_letter(i + 1 + offset)
    return None


def _list_column(path: str) -> str | None:
    """`'收入来源'!$B:$B` for "finance.revenue.sources[*].amount" (a table sheet's column)."""
    if path.count("[*]") != 1:
        return None
    list_path, _, field = path.partition("[*].")
    for sheet in layout.SHEETS:
        if not isinstance(sheet, layout.FormSheet) and sheet.path == list_path and not sheet.owner:
            letter = _table_letter(sheet, field)
            return None if letter is None else f"{_q(sheet.name)}!${letter}:${letter}"
    return None


def _form_cell(sheet: FormSheet, path: str, key: str, letter: str) -> str | None:
    for field in sheet.fields:
        if field.path.replace("{col}", key) == path:
            return f"{letter}{sheet.row_of(field.label)}"
    return None


def _tolerance(identity: Identity, checks: TemplateChecks) -> str:
    return "0" if identity.exact else f"{checks.tolerance:f}"


def _sum_formula(total: str, parts: list[str], fixed: int | None, tolerance: str) -> str:
    refs = ",".join(parts)
    # all_parts: no verdict until every fixed part is filled (COUNT below their number).
    empty = f"COUNT({refs})<{fixed}" if fixed else f"COUNT({refs})=0"
    return (
        f'=IF(OR({total}="",{empty}),"",'
        f'IFERROR(IF(ROUND(ABS({total}-SUM({refs})),6)>{tolerance},"合计不符","相符"),"无法核对"))'
    )


def _form_formula(
    sheet: FormSheet, identity: Identity, key: str, letter: str, checks: TemplateChecks
) -> str | None:
    base = f"{identity.scope}." if identity.scope else ""
    total = _form_cell(sheet, base + identity.total.replace("{column}", key), key, letter)
    if total is None or "[*]" in identity.scope:
        return None
    parts: list[str] = []
    for spec in identity.parts:
        path = base + spec.path.replace("{column}", key)
        ref = (
            None
            if spec.economic
            else (_list_column(path) if "[*]" in path else _form_cell(sheet, path, key, letter))
        )
        if ref is None or (identity.all_parts and "[*]" in path):
            return None
        parts.append(ref)
    fixed = len(parts) if identity.all_parts else None
    return _sum_formula(total, parts, fixed, _tolerance(identity, checks))


def form_checks(sheet: FormSheet, checks: TemplateChecks) -> list[tuple[str, dict[str, str]]]:
    """(row label, formula by value-column key) for every identity checkable on this sheet."""
    rows = []
    for identity in checks.identities:
        formulas = {}
        for j, (_header, key) in enumerate(sheet.value_columns):
            if identity.columns and key not in dict(identity.columns):
                continue
            formula = _form_formula(sheet, identity, key, get_column_letter(j + 2), checks)
            if formula is not None:
                formulas[key] = formula
        if formulas:
            label = identity.check_label or f"{identity.label} = {identity.parts_label}之和"
            rows.append(
                (label if label.startswith(CHECK_PREFIX) else CHECK_PREFIX + label, formulas)
            )
    return rows


def table_check(
    sheet: TableSheet, identity: Identity | None, r: int, checks: TemplateChecks
) -> str:
    """Row r of a table whose rows are the identity's scope: its total against a child table.

    E.g. a project's 年度资金总额 against the sum of its 项目资金来源 rows, per column.
    """
    if identity is None or not identity.scope.endswith("[*]"):
        return ""
    scope = identity.scope.removesuffix("[*]")
    tests = []
    child_sheet = None
    for key, _label in identity.columns or (("", ""),):
        own = _table_letter(sheet, identity.total.replace("{column}", key))
        [spec] = identity.parts if len(identity.parts) == 1 else (None,)
        if own is None or spec is None or spec.economic:
            return ""
        child_list, _, field = spec.path.replace("{column}", key).partition("[*].")
        child_sheet = next(
            (
                s
                for s in layout.SHEETS
                if not isinstance(s, layout.FormSheet) and s.path == f"{scope}[].{child_list}"
            ),
            None,
        )
        child = None if child_sheet is None else _table_letter(child_sheet, field)
        if child_sheet is None or child is None:
            return ""
        name = _q(child_sheet.name)
        tests.append(
            f'AND({own}{r}<>"",ROUND(ABS(SUMIFS({name}!${child}:${child},{name}!$A:$A,$A{r})'
            f"-{own}{r}),6)>{_tolerance(identity, checks)})"
        )
    assert child_sheet is not None
    name = _q(child_sheet.name)
    return (
        f'=IF(OR($A{r}="",COUNTIF({name}!$A:$A,$A{r})=0),"",'
        f'IFERROR(IF(OR({",".join(tests)}),"合计不符","相符"),"无法核对"))'
    )
