"""Totals the report does not spell out but the budget forms imply.

- Form rows: the national 自评表 has a "年度资金总额" row and "其中：本年财政拨款 / 上年结转 /
  其他资金" rows with the same columns (年初预算数, 全年预算数, 全年执行数); a 其中 row can
  never exceed its total row in the same column (财预〔2020〕10号 form, RULES.md §2).
- Composition: 支出 = 基本支出 + 项目支出 and 收入 = 基本支出收入 + 项目收入 for the
  same budget account (DESIGN.md glossary); checked when all three are stated with the
  same qualifier ("一般公共预算财政拨款…").
- Balance: 结余/结转下年 = 到位资金或收入 (+ 上年结转) − 支出, stated close together.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from jixiao.audit.claims import Breakdown
from jixiao.audit.labels import label_key
from jixiao.core.money import DEFAULT_TOLERANCE

if TYPE_CHECKING:
    from jixiao.audit.figures import Fig
    from jixiao.formats.document import Document

__all__ = ["find_identities"]

_ROW_TOTAL = re.compile(r"(?:年度资金总额|资金总额|合计|总计)")
_ROW_PART = re.compile(r"其中\s*[:：]?")
# (total suffix, component suffixes): the qualifier before the suffix must be the same.
COMPOSITIONS = (
    ("支出", ("基本支出", "项目支出")),
    ("收入", ("基本支出收入", "项目收入")),
)
_BALANCE = re.compile(r"(?<!上年)(?:结余|结转下年|年末结转|结转结余)(?:资金)?$")
_INCOME = re.compile(r"(?:到位资金|到位|收入)$")
_SPEND = re.compile(r"^(?:实际)?支出$|决算支出$|^支出")
_CARRY = re.compile(r"上年结转")
_WINDOW = 1500


def _row_values(figs: list[Fig], start: int, doc: Document) -> list[Fig]:
    """Consecutive numbers after a row label, up to the next words (a new cell label)."""
    row: list[Fig] = []
    pos = start
    for fig in figs:
        if fig.start < pos:
            continue
        gap = doc.norm[pos : fig.start - len(fig.label) if fig.label else fig.start]
        if re.search(r"[\u4e00-\u9fff]", gap) or (fig.label and row):
            break
        if fig.kind not in {"money", "bare", "percent"}:
            break
        row.append(fig)
        pos = fig.end
    return row


def _form_rows(doc: Document, figs: list[Fig]) -> list[Breakdown]:
    found: list[Breakdown] = []
    for match in _ROW_TOTAL.finditer(doc.norm):
        head = re.match(
            r"[^\d\u4e00-\u9fff]*(?:[(（]万元[)）])?\s*[:：]?\s*", doc.norm[match.end() :]
        )
        after = match.end() + (head.end() if head else 0)
        totals = _row_values(figs, after, doc)
        if len(totals) < 2:
            continue
        tail = doc.norm[totals[-1].end : totals[-1].end + 40]
        part_match = _ROW_PART.search(tail)
        if not part_match or part_match.start() > 3:
            continue
        label_end = re.match(r"[^\d]*", tail[part_match.end() :])
        start = totals[-1].end + part_match.end() + (label_end.end() if label_end else 0)
        parts = _row_values(figs, start, doc)
        if (
            parts
            and totals[0].kind == "bare"
            and parts[0].kind == "bare"
            and totals[0].value + 1 == parts[0].value
        ):
            totals, parts = totals[1:], parts[1:]  # a 行次 column numbers the rows
        for total, part in zip(totals, parts, strict=False):
            if (
                "percent" in {total.kind, part.kind}
                or part.value <= total.value + DEFAULT_TOLERANCE
            ):
                continue
            found.append(Breakdown(total, [part], "table", False))
    return found


def _compositions(figs: list[Fig], covered: set[int]) -> list[Breakdown]:
    money = [f for f in figs if f.kind == "money" and not f.change and not f.approx]
    keyed = [(label_key(f.label), f) for f in money]
    found: list[Breakdown] = []
    for total_suffix, components in COMPOSITIONS:
        for key, total in keyed:
            if total.start in covered or not key.endswith(total_suffix):
                continue
            qualifier = key[: -len(total_suffix)]
            if any(
                qualifier.endswith(c[: -len(total_suffix)]) for c in components if c != total_suffix
            ):
                continue
            parts = []
            for component in components:
                wanted = qualifier + component
                match = next(
                    (
                        f
                        for k, f in keyed
                        if k == wanted and abs(f.start - total.start) < _WINDOW * 2
                    ),
                    None,
                )
                if match is None:
                    break
                parts.append(match)
            if len(parts) == len(components):
                found.append(Breakdown(total, parts, "identity", True))
    return found


# Words naming money spent or handed out, and money made available, in a balance sentence.
_OUTFLOW = re.compile(r"支出|执行|发放|使用|拨付|支付")
_INFLOW = re.compile(r"预算|下达|安排|到位|收入")


def _clause_balance(money: list[Fig], index: int) -> Breakdown | None:
    """A balance read from its own sentence ("预算A万元，发放B万元，结余C万元": C = A − B).

    The sentence states exactly the two amounts before its balance (or only the outflow,
    with the one budget amount of the sentence before); nothing further away is used.
    """
    balance = money[index]
    own = [f for f in money[:index] if f.sentence == balance.sentence]
    if len(own) == 2 and _OUTFLOW.search(own[1].label) and not _OUTFLOW.search(own[0].label):
        income, spend = own
    elif len(own) == 1 and _OUTFLOW.search(own[0].label):
        spend = own[0]
        # The budget is in the nearest earlier sentence that states amounts ("预算A万元，
        # 其中…。（2）执行情况。实际执行B万元，结余C万元"), not further back.
        before = [f for f in money[:index] if f.sentence < balance.sentence]
        if not before or balance.start - before[-1].start > _NEAR:
            return None
        earlier = [f for f in before if f.sentence == before[-1].sentence
                   and _INFLOW.search(f.label) and not _OUTFLOW.search(f.label)]  # fmt: skip
        if len(earlier) != 1:
            return None
        income = earlier[0]
    else:
        return None
    if income.value < spend.value:
        return None
    return Breakdown(balance, [income, spend], "balance", True, signs=[1, -1])


def _balances(figs: list[Fig]) -> list[Breakdown]:
    money = [f for f in figs if f.kind == "money" and not f.change and not f.approx]
    found: list[Breakdown] = []
    for index, balance in enumerate(money):
        key = label_key(balance.label)
        if not _BALANCE.search(key) or _CARRY.search(balance.label):
            continue
        near = _clause_balance(money, index)
        if near is not None:
            found.append(near)
            continue
        window = [f for f in money[:index] if balance.start - f.start < _WINDOW]
        income = next((f for f in reversed(window) if _INCOME.search(label_key(f.label))
                       and not _CARRY.search(f.label)), None)  # fmt: skip
        spend = next((f for f in reversed(window) if _SPEND.search(label_key(f.label))), None)
        if income is None or spend is None:
            continue
        carry = next((f for f in reversed(window) if _CARRY.search(f.label)), None)
        parts, signs = [income], [1]
        if carry is not None:
            parts.append(carry)
            signs.append(1)
        parts.append(spend)
        signs.append(-1)
        found.append(Breakdown(balance, parts, "balance", True, signs=signs))
    return found


_NEAR = 400
# A difference stated after an amount: over the budget (actual − budget) or under it
# (budget − actual). "超出预算金额99.56万元" after "发放…1045.28万元".
_OVER = re.compile(r"(?:超出|超过|超支|高于)(?:年初)?(?:预算|计划|申请)")
_UNDER = re.compile(r"(?:节约|节省|少于|低于|未用完?)(?:年初)?(?:预算|计划|申请)")
_BUDGETED = re.compile(r"申请|预算|安排|下达|批复|计划")


def _differences(doc: Document, figs: list[Fig]) -> list[Breakdown]:
    """Over/under-budget amounts against the actual before them and the budget of the record.

    A record (one paragraph: "A县申请X1万元，Y1万元；发放Z1万元，超出预算D1万元；…Z2万元，
    超出预算D2万元") states its budgets first and then each actual with its difference, in
    the same order: the i-th difference pairs with the i-th budget. Anything that does not
    line up one to one stays silent.
    """
    by_para: dict[int, list[Fig]] = {}
    for fig in figs:
        by_para.setdefault(fig.paragraph, []).append(fig)
    found: list[Breakdown] = []
    for all_figs in by_para.values():
        para_figs = [f for f in all_figs if f.kind == "money" and not f.approx]
        diffs: list[tuple[Fig, Fig, int]] = []
        for prev, fig in itertools.pairwise(all_figs):
            if fig.kind != "money" or prev.kind != "money" or prev.approx or prev.change:
                continue  # the actual is the amount right before the difference
            lead = doc.norm[max(prev.end, fig.start - len(fig.label) - 4) : fig.start]
            sign = 1 if _OVER.search(lead) else -1 if _UNDER.search(lead) else 0
            if sign and prev.sentence == fig.sentence:
                diffs.append((fig, prev, sign))
        if not diffs:
            continue
        roles = {d.start for d, _, _ in diffs} | {a.start for _, a, _ in diffs}
        first_actual = min(a.start for _, a, _ in diffs)
        budgets = [f for f in para_figs if f.start < first_actual and f.start not in roles
                   and not f.change]  # fmt: skip
        if len(diffs) == 1:
            budgets = [f for f in budgets if _BUDGETED.search(f.label)][-1:]
        if len(budgets) != len(diffs):
            continue
        for (diff, actual, sign), budget in zip(diffs, budgets, strict=True):
            found.append(Breakdown(diff, [actual, budget], "balance", True, signs=[sign, -sign]))
    return found


def find_identities(doc: Document, figs: list[Fig], covered: set[int]) -> list[Breakdown]:
    """Implied totals; `covered` holds totals an explicit breakdown already checks."""
    found = _form_rows(doc, figs) + _compositions(figs, covered) + _balances(figs)
    return found + _differences(doc, figs)
